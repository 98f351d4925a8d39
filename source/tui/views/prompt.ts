/**
 * The prompt line: `:` commands (with completion of the first word) and `/` filters (applied live as typed;
 * `esc` drops the filter, `enter` keeps it). Backspace on an empty prompt closes it, as in k9s.
 */
import type { KeyPress } from '../keys.js';
import { suggest } from './commands.js';

/** An open prompt. */
export interface Prompt {
  mode: 'command' | 'filter';
  text: string;
}

/** What a prompt key may do to the app. */
export interface PromptHost {
  close(): void;
  /** Run a command line (enter in `:` mode). */
  run(line: string): void;
  /** Apply filter text (every change in `/` mode). */
  filter(text: string): void;
}

/** Handle one key while the prompt is open. */
export function promptKey(p: Prompt, k: KeyPress, host: PromptHost): void {
  const live = () => {
    if (p.mode === 'filter') host.filter(p.text);
  };
  switch (k.name) {
    case 'esc':
      if (p.mode === 'filter') host.filter('');
      host.close();
      return;
    case 'enter':
      host.close();
      if (p.mode === 'command' && p.text.trim()) host.run(p.text);
      return;
    case 'backspace':
      if (!p.text) {
        host.close();
        return;
      }
      p.text = p.text.slice(0, -1);
      live();
      return;
    case 'ctrl-u':
      p.text = '';
      live();
      return;
    case 'tab': case 'right': {
      const s = p.mode === 'command' ? suggest(p.text) : undefined;
      if (s) p.text = s;
      return;
    }
    default:
      if (k.text !== undefined) {
        p.text += k.text;
        live();
      }
  }
}
