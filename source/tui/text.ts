/** Fitting text into terminal cells: widths, padding and truncation that never overflow a line. */

/** Terminal cells of one code point: 0 for controls and combining marks, 2 for wide (CJK, emoji), else 1. */
export function charWidth(cp: number): number {
  if (cp < 32 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0;
  if (cp === 0x200b || cp === 0xfe0f) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
    || cp === 0x23e9 || cp === 0x23ea || cp === 0x23f3 || cp === 0x231a || cp === 0x231b || cp === 0x23f0
  ) return 2;
  return 1;
}

/** Terminal cells of a string. */
export function textWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 0x7f) {
      w++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(cp);
  }
  return w;
}

/** Replace tabs and control characters (a log line or event message must not move the cursor). */
export function sanitize(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(s) ? s.replace(/\t/g, '  ').replace(/[\u0000-\u001f\u007f]/g, ' ') : s;
}

/** Cut to at most `width` cells, ending in `…` when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

/** Exactly `width` cells: truncated, then padded with spaces on the right. */
export function fit(s: string, width: number): string {
  const t = truncate(s, width);
  const pad = width - textWidth(t);
  return pad > 0 ? t + ' '.repeat(pad) : t;
}

/** Exactly `width` cells, padded on the left (numbers). */
export function fitRight(s: string, width: number): string {
  const t = truncate(s, width);
  const pad = width - textWidth(t);
  return pad > 0 ? ' '.repeat(pad) + t : t;
}

/** Split one line into chunks of at most `width` cells (the wrap mode of text views). */
export function wrapLine(s: string, width: number): string[] {
  if (width <= 0) return [''];
  if (textWidth(s) <= width) return [s];
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  out.push(cur);
  return out;
}
