/**
 * Dialogs: a small form (numbers, text, check boxes, choices) with buttons, as k9s's scale / delete / drain dialogs.
 * `tab`/`↓` next field, `shift-tab`/`↑` previous, `space` toggles, `←`/`→` change a choice, `enter` submits, `esc` cancels.
 */
import type { KeyPress } from '../keys.js';
import { textWidth, wrapLine } from '../text.js';
import { theme } from '../theme.js';
import { type Line, boxLines, seg } from './lines.js';

export type Field =
  | { type: 'number'; id: string; label: string; value: string }
  | { type: 'text'; id: string; label: string; value: string }
  | { type: 'bool'; id: string; label: string; value: boolean }
  | { type: 'choice'; id: string; label: string; options: string[]; index: number };

/** Field values by id, as submitted. */
export type DialogValues = Record<string, string | boolean>;

export interface DialogSpec {
  title: string;
  /** Lines above the fields (what will happen, to what). */
  message?: string[];
  fields?: Field[];
  /** Button labels; the first submits, the last cancels. */
  buttons?: [string, string];
  /** Called with the values on submit; return an error text to keep the dialog open with that message. */
  onSubmit: (values: DialogValues) => string | void;
  danger?: boolean;
}

export class Dialog {
  readonly fields: Field[];
  readonly buttons: [string, string];
  focus = 0;
  error: string | undefined;

  constructor(readonly spec: DialogSpec) {
    this.fields = (spec.fields ?? []).map((f) => ({ ...f }));
    this.buttons = spec.buttons ?? ['OK', 'Cancel'];
  }

  private get slots(): number {
    return this.fields.length + 2;
  }

  values(): DialogValues {
    const out: DialogValues = {};
    for (const f of this.fields) out[f.id] = f.type === 'choice' ? f.options[f.index]! : f.value;
    return out;
  }

  /** Handle a key; returns false when the dialog is done (submitted or cancelled). */
  handleKey(k: KeyPress): boolean {
    const field = this.fields[this.focus];
    switch (k.name) {
      case 'esc': return false;
      case 'tab': case 'down':
        this.focus = (this.focus + 1) % this.slots;
        return true;
      case 'shift-tab': case 'up':
        this.focus = (this.focus - 1 + this.slots) % this.slots;
        return true;
      case 'enter': {
        if (this.focus === this.slots - 1) return false;
        const err = this.spec.onSubmit(this.values());
        if (typeof err === 'string') {
          this.error = err;
          return true;
        }
        return false;
      }
      default: break;
    }
    if (!field) {
      // On the buttons: ← → move between them.
      if (k.name === 'left' || k.name === 'right') this.focus = this.focus === this.slots - 1 ? this.slots - 2 : this.slots - 1;
      return true;
    }
    if (field.type === 'bool') {
      if (k.name === 'space' || k.name === 'left' || k.name === 'right') field.value = !field.value;
    } else if (field.type === 'choice') {
      if (k.name === 'left') field.index = (field.index - 1 + field.options.length) % field.options.length;
      if (k.name === 'right' || k.name === 'space') field.index = (field.index + 1) % field.options.length;
    } else if (k.name === 'backspace') {
      field.value = field.value.slice(0, -1);
    } else if (k.name === 'ctrl-u') {
      field.value = '';
    } else if (field.type === 'number' && (k.text === '+' || k.text === '-') && /^-?\d+$/.test(field.value)) {
      field.value = String(Number(field.value) + (k.text === '+' ? 1 : -1));
    } else if (k.text !== undefined && (field.type === 'text' || /^[0-9]$/.test(k.text) || (k.text === '-' && field.value === ''))) {
      field.value += k.text;
    }
    this.error = undefined;
    return true;
  }

  /** Draw the dialog box, `width` wide (height follows the content). */
  render(width: number): Line[] {
    const inner = Math.max(4, width - 4);
    const body: Line[] = [];
    for (const m of this.spec.message ?? []) body.push([seg(' ' + m, theme.info)]);
    if (this.spec.message?.length) body.push([]);
    this.fields.forEach((f, i) => {
      const focused = i === this.focus;
      const labelText = ` ${f.label}: `.padEnd(Math.min(24, Math.floor(inner / 2)));
      const label = seg(labelText, theme.infoLabel);
      let value: string;
      if (f.type === 'bool') value = f.value ? '[x]' : '[ ]';
      else if (f.type === 'choice') value = f.options.map((o, j) => (j === f.index ? `(•) ${o}` : `( ) ${o}`)).join('  ');
      else value = `${f.value}${focused ? '▏' : ''}`;
      // Text longer than the field shows its end (where typing happens).
      const room = Math.max(2, inner + 2 - textWidth(labelText));
      if ((f.type === 'text' || f.type === 'number') && textWidth(value) > room) value = `…${[...value].slice(-(room - 1)).join('')}`;
      body.push([label, seg(value, focused ? 'black' : 'whiteBright', focused ? { bg: 'cyan' } : {})]);
    });
    body.push([]);
    const [ok, cancel] = this.buttons;
    const okFocused = this.focus === this.slots - 2, cancelFocused = this.focus === this.slots - 1;
    body.push([
      seg('   '),
      seg(` ${ok} `, okFocused ? 'black' : 'whiteBright', { bg: okFocused ? (this.spec.danger ? 'red' : 'cyan') : undefined, bold: true }),
      seg('   '),
      seg(` ${cancel} `, cancelFocused ? 'black' : 'whiteBright', { bg: cancelFocused ? 'cyan' : undefined, bold: true }),
    ]);
    // Errors (a parser's message) can be long: wrapped, never cut.
    if (this.error) for (const l of wordWrap(this.error, Math.max(1, inner + 1))) body.push([seg(' ' + l, theme.flashError)]);
    body.push([seg(' enter submit · esc cancel · tab next · space toggle', theme.hint)]);
    return boxLines([seg(` ${this.spec.title} `, this.spec.danger ? 'redBright' : theme.dialogBorder, { bold: true })], body, width, body.length + 2, true);
  }
}

/** Wrap text at spaces into lines of at most `width` cells (a word longer than a line is cut where it must be). */
export function wordWrap(text: string, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    const next = cur ? `${cur} ${word}` : word;
    if (textWidth(next) <= width) {
      cur = next;
      continue;
    }
    if (cur) out.push(cur);
    const pieces = wrapLine(word, width);
    cur = pieces.pop() ?? '';
    out.push(...pieces);
  }
  if (cur || !out.length) out.push(cur);
  return out;
}
