/**
 * Key names from Ink's (input, key) pairs. Input can arrive as one chunk ("jjj" from fast typing, paste, SSH or
 * tmux send-keys), so printable input is split into one key per character.
 */
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

/** Escape sequences of the keys the UI binds (xterm / VT220 / rxvt forms). */
const SEQUENCES: Record<string, string> = {
  '\x1b[A': 'up', '\x1b[B': 'down', '\x1b[C': 'right', '\x1b[D': 'left',
  '\x1bOA': 'up', '\x1bOB': 'down', '\x1bOC': 'right', '\x1bOD': 'left',
  '\x1b[H': 'home', '\x1b[F': 'end', '\x1bOH': 'home', '\x1bOF': 'end',
  '\x1b[1~': 'home', '\x1b[4~': 'end', '\x1b[7~': 'home', '\x1b[8~': 'end',
  '\x1b[5~': 'pgup', '\x1b[6~': 'pgdn', '\x1b[3~': 'backspace', '\x1b[Z': 'shift-tab',
};

const ARROWS: Record<string, string> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/**
 * Key presses from one raw input event as Ink's input parser splits them: a run of typed text (one key per
 * character), one escape sequence, or ESC followed by a character. Reading raw input rather than Ink's parsed
 * (input, key) keeps an ESC that arrives glued to the next key (`ESC :` from fast typing or tmux), which Ink drops.
 */
export function keysFromRaw(data: string): KeyPress[] {
  if (!data.startsWith('\x1b')) return charKeys(data);
  const known = SEQUENCES[data];
  if (known) return [{ name: known }];
  const modified = /^\x1b\[1;(\d+)([ABCDHF])$/.exec(data);
  if (modified) {
    const mod = Number(modified[1]) - 1;
    const base = ARROWS[modified[2]!]!;
    return [{ name: mod & 4 ? `ctrl-${base}` : mod & 1 ? `shift-${base}` : base }];
  }
  // Another CSI / SS3 sequence (function keys, mouse, focus): not bound, ignored rather than typed as text.
  if (/^\x1b[[O]/.test(data) && data.length > 2) return [];
  // ESC alone, ESC ESC, or ESC + key (alt-key, or the two keys typed together): ESC, then the rest.
  const rest = data.slice(1);
  return [{ name: 'esc' }, ...(rest.startsWith('\x1b') ? keysFromRaw(rest) : charKeys(rest))];
}

function charKeys(text: string): KeyPress[] {
  const out: KeyPress[] = [];
  for (const ch of text) {
    const k = charKey(ch);
    if (k) out.push(k);
  }
  return out;
}

const ARROW_GLYPHS: Record<string, string> = { left: '←', right: '→', up: '↑', down: '↓' };

/** How a key name reads in hints and help: `<ctrl-d>`, `<shift-n>`, `<enter>`; a modified arrow as `<shift-←>`. */
export function keyLabel(name: string): string {
  const m = /^(shift|ctrl)-(left|right|up|down)$/.exec(name);
  return m ? `<${m[1]}-${ARROW_GLYPHS[m[2]!]}>` : `<${name}>`;
}
