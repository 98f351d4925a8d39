/**
 * The writer behind every describer: kubectl's PrefixWriter (two spaces per level) feeding one text/tabwriter
 * configured as `tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)`. Because the whole description passes through one
 * tabwriter, `Name:`-style labels align across every run of consecutive tabbed lines — which is why `Events: <none>`
 * lines up with `Tolerations:` in a pod description. We buffer tab-separated lines and align them at the end.
 */

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

// tabwriter.NewWriter(buf, 0 /*minwidth*/, 8 /*tabwidth*/, 2 /*padding*/, ' ', 0)
const PADDING = 2;
const NON_ASCII = /[^\x00-\x7f]/;

/** Width as text/tabwriter measures it: in runes (code points). */
function runeWidth(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Accumulates describe output; `write(level, text)` appends text that may contain tabs and newlines. */
export class PrefixWriter {
  private buf = '';

  /** Writes `text` indented by two spaces per level (the prefix goes only before the first line, as in Go). */
  write(level: number, text: string): void {
    this.buf += '  '.repeat(Math.max(0, level)) + text;
  }

  /** The text written so far, aligned by the tabwriter. */
  toString(): string {
    return alignTabs(this.buf);
  }
}

/**
 * text/tabwriter's algorithm for a padding-2 / minwidth-0 / space-padded writer: a line's tab-terminated cells form
 * columns; a column's width is fixed per block of consecutive lines that have a cell in that column; the text after
 * the last tab is never padded.
 */
export function alignTabs(text: string): string {
  if (!text.includes('\t')) return text;
  const raw = text.split('\n');
  const trailing = raw[raw.length - 1] === '' ? raw.pop() : undefined;
  const lines = raw.map((l) => l.split('\t'));
  const widths = lines.map((cells) => cells.map(runeWidth));
  const out: string[] = new Array(lines.length);
  const colWidth: number[] = [];
  format(0, lines.length);
  return out.join('\n') + (trailing === undefined ? '' : '\n');

  function format(line0: number, line1: number): void {
    const column = colWidth.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i]!.length - 1) continue;
      writeLines(start, i);
      let width = 0;
      const blockStart = i;
      for (; i < line1 && column < lines[i]!.length - 1; i++) {
        width = Math.max(width, widths[i]![column]! + PADDING);
      }
      colWidth.push(width);
      format(blockStart, i);
      colWidth.pop();
      start = i;
      i--; // the for loop's i++ resumes at the line that ended the block
    }
    writeLines(start, line1);
  }

  function writeLines(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (out[i] !== undefined) continue;
      const cells = lines[i]!;
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        s += cells[j];
        if (j < cells.length - 1 && j < colWidth.length) s += ' '.repeat(Math.max(0, colWidth[j]! - widths[i]![j]!));
      }
      out[i] = s;
    }
  }
}
