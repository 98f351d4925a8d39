/**
 * Key names from Ink's (input, key) pairs. Input can arrive as one chunk ("jjj" from fast typing, paste, SSH or
 * tmux send-keys), so printable input is split into one key per character.
 */
import type { Key } from 'ink';

/** One keypress: its name (`j`, `shift-n`, `ctrl-d`, `enter`, `esc`, `space`…) and, for printable keys, the text typed. */
export interface KeyPress {
  name: string;
  text?: string;
}

/** The name of one character typed on its own (uppercase letters are `shift-x`, as k9s writes them). */
function charKey(ch: string): KeyPress | undefined {
  switch (ch) {
    case '\r': case '\n': return { name: 'enter' };
    case '\t': return { name: 'tab' };
    case '\x7f': case '\b': return { name: 'backspace' };
    case '\x1b': return { name: 'esc' };
    case ' ': return { name: 'space', text: ' ' };
    case '\x1c': return { name: 'ctrl-\\' };
    default: break;
  }
  const code = ch.codePointAt(0)!;
  if (code >= 1 && code <= 26) return { name: `ctrl-${String.fromCharCode(code + 96)}` };
  if (code < 32) return undefined;
  if (ch >= 'A' && ch <= 'Z') return { name: `shift-${ch.toLowerCase()}`, text: ch };
  return { name: ch, text: ch };
}

/** Translate one Ink input event into key presses (several for a chunk of typed text). */
export function keysFromInk(input: string, key: Key): KeyPress[] {
  const arrow = key.upArrow ? 'up' : key.downArrow ? 'down' : key.leftArrow ? 'left' : key.rightArrow ? 'right' : undefined;
  if (arrow) return [{ name: key.shift ? `shift-${arrow}` : arrow }];
  if (key.pageUp) return [{ name: 'pgup' }];
  if (key.pageDown) return [{ name: 'pgdn' }];
  if (key.home) return [{ name: 'home' }];
  if (key.end) return [{ name: 'end' }];
  if (key.return) return [{ name: 'enter' }];
  if (key.escape) return [{ name: 'esc' }];
  if (key.tab) return [{ name: key.shift ? 'shift-tab' : 'tab' }];
  if (key.backspace || key.delete) return [{ name: 'backspace' }];
  if (key.ctrl && input.length === 1 && /[a-z]/i.test(input)) return [{ name: `ctrl-${input.toLowerCase()}` }];
  if (key.meta && input.length === 1 && !key.ctrl) return [{ name: `alt-${input}` }];
  const out: KeyPress[] = [];
  for (const ch of input) {
    const k = charKey(ch);
    if (k) out.push(k);
  }
  return out;
}

/** How a key name reads in hints and help: `<ctrl-d>`, `<shift-n>`, `<enter>`. */
export function keyLabel(name: string): string {
  return `<${name}>`;
}
