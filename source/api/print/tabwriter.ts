/** kubectl's table layout (text/tabwriter as kubectl configures it) and the full text of `kubectl get <kind>`. */
import type { KubeObject } from '../meta.js';
import { type TableOptions, lookupKind, tableFor } from './columns.js';
import { str } from './format.js';

// printers.GetNewTabWriter: minwidth 6, tabwidth 4 (unused with a space pad char), padding 3, pad ' ', no right alignment.
const MIN_WIDTH = 6;
const PADDING = 3;
const NON_ASCII = /[^\x00-\x7f]/;

/** Cell width as tabwriter measures it: in runes (code points), not bytes or UTF-16 units. */
function cellWidth(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const pads: string[] = [];
/** `n` spaces, cached: tables repeat the same few paddings many times. */
function pad(n: number): string {
  if (n <= 0) return '';
  return (pads[n] ??= ' '.repeat(n));
}

/**
 * Lays out lines of cells as kubectl's tabwriter does: each column is max(6, widest cell + 3) wide, cells are
 * left-aligned and padded with spaces, the last cell of a line is never padded, and every line ends with "\n".
 * Like text/tabwriter, a column's width is computed per block of consecutive lines that have that column.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines: readonly (readonly string[])[] = header.length > 0 ? [header, ...rows] : rows;
  const n = lines[0]?.length ?? 0;
  return lines.every((l) => l.length === n) ? formatUniform(lines, n) : formatBlocks(lines);
}

/** The common case, every line with the same number of cells: one block per column, two passes. */
function formatUniform(lines: readonly (readonly string[])[], n: number): string {
  const widths = new Array<number>(Math.max(0, n - 1)).fill(MIN_WIDTH);
  for (const line of lines) {
    for (let j = 0; j < n - 1; j++) widths[j] = Math.max(widths[j]!, cellWidth(line[j]!) + PADDING);
  }
  const out = new Array<string>(lines.length);
  for (let t = 0; t < lines.length; t++) {
    const line = lines[t]!;
    let text = '';
    for (let j = 0; j < n - 1; j++) text += line[j]! + pad(widths[j]! - cellWidth(line[j]!));
    out[t] = `${text}${n > 0 ? line[n - 1] : ''}\n`;
  }
  return out.join('');
}

/** text/tabwriter's Writer.format: a column block is a run of lines in which that column is not the last cell. */
function formatBlocks(lines: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  const out: string[] = [];
  const cw = lines.map((line) => line.map(cellWidth));

  const writeLines = (from: number, to: number): void => {
    for (let t = from; t < to; t++) {
      const line = lines[t]!;
      let text = '';
      for (let j = 0; j < line.length; j++) {
        text += line[j];
        if (j < widths.length) text += pad(widths[j]! - cw[t]![j]!);
      }
      out.push(text + '\n');
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t]!.length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = MIN_WIDTH;
      for (; t < line1; t++) {
        if (column >= lines[t]!.length - 1) break;
        width = Math.max(width, cw[t]![column]! + PADDING);
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('');
}

/** Options for `printGet`: those of `tableFor`, plus the namespace kubectl was pointed at (for the empty message). */
export interface GetOptions extends TableOptions {
  /** Namespace of the request; `default` when omitted. */
  namespace?: string;
}

/** What `kubectl get` writes: the table on stdout, or the "No resources found" notice on stderr. */
export interface GetOutput {
  stdout: string;
  stderr: string;
}

// kubectl cuts a cell at the first newline, carriage return or form feed and marks the cut with "...".
const CELL_BREAK = /[\n\r\f]/;
const SPECIAL = /[\t\n\r\f]/;

/**
 * A row's cells as kubectl hands them to its tabwriter: cut at line breaks, and a tab inside a cell starts a new
 * tabwriter cell exactly as it does in kubectl. Returns the row itself in the common case of plain cells.
 */
function printedCells(cells: string[]): string[] {
  if (!cells.some((c) => SPECIAL.test(c))) return cells;
  const line: string[] = [];
  for (const cell of cells) {
    const cut = cell.search(CELL_BREAK);
    const text = cut < 0 ? cell : `${cell.slice(0, cut)}...`;
    if (text.includes('\t')) line.push(...text.split('\t'));
    else line.push(text);
  }
  return line;
}

/** Objects in storage-key order (`namespace/name`), the order the API server lists them in, like etcd. */
function inStorageOrder(objects: readonly KubeObject[]): KubeObject[] {
  const keyed = objects.map((o) => {
    const ns = str(o?.metadata?.namespace);
    const name = str(o?.metadata?.name);
    return { key: ns ? `${ns}/${name}` : name, o };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.o);
}

/**
 * Exactly what `kubectl get <kind>` (with `-o wide` / `-A` per options) prints for these objects: header and rows
 * on stdout in the API server's list order. With no objects, kubectl prints nothing on stdout and, on stderr,
 * `No resources found in <ns> namespace.` (namespaced kind, no `-A`) or `No resources found`.
 */
export function printGet(kind: string, objects: readonly KubeObject[], opts: GetOptions): GetOutput {
  if (objects.length === 0) {
    const namespaced = lookupKind(kind)?.namespaced ?? true;
    const stderr = namespaced && !opts.allNamespaces
      ? `No resources found in ${opts.namespace ?? 'default'} namespace.\n`
      : 'No resources found\n';
    return { stdout: '', stderr };
  }
  const table = tableFor(kind, inStorageOrder(objects), opts);
  const header = table.columns.map((c) => c.name);
  const rows = table.rows.map((row) => printedCells(row.cells));
  return { stdout: formatTable(header, rows), stderr: '' };
}
