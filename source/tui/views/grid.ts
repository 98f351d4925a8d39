/**
 * The body of a table (header + rows) for the cells of the visible rows only: columns laid out and dropped by
 * priority to fit, the sort column marked ↑/↓, the picked column (shift-/ctrl-←/→) highlighted, the cursor row
 * inverted, changed cells underlined. Shared by the kind tables and the containers view.
 */
import { GAP, layoutColumns } from '../model/layout.js';
import { fit, fitRight } from '../text.js';
import { theme } from '../theme.js';
import { type Line, seg } from './lines.js';

/** Columns whose cells are right-aligned (counts, usage, shares). */
const RIGHT_ALIGNED = new Set([
  'RESTARTS', 'CPU', 'MEM', 'PODS', '%CPU-R', '%MEM-R', 'COUNT', 'DESIRED', 'CURRENT', 'AVAILABLE', 'UP-TO-DATE', 'REPLICAS', 'MINPODS',
  'MAXPODS', 'ACTIVE', 'DATA', 'SECRETS', 'CPU/R:L', 'MEM/R:L', '%CPU/R', '%CPU/L', '%MEM/R', '%MEM/L', '%CPU', '%MEM',
  'REQ/S', 'FAILED/S', 'AVAIL-5M', 'AVAIL', 'LATENCY', 'ENDPOINTS', 'MIN', 'MAX', 'UPCOMING', 'TARGET', '$/HOUR', 'COST SO FAR',
  'DELETING', 'UNNEEDED', '$/NODE-HOUR', 'NODE-HOURS', 'PROVISIONING',
]);

/** One visible row: its cells and how it is drawn. */
export interface GridRow {
  cells: readonly string[];
  color: string;
  selected: boolean;
  marked?: boolean;
  /** Per cell: changed within the last few seconds (underlined). */
  changed?: readonly boolean[];
}

export interface GridOptions {
  names: readonly string[];
  priorities: readonly number[];
  rows: readonly GridRow[];
  /** Inner width of the box. */
  width: number;
  /** Columns this view gives up first when narrow. */
  dropFirst?: readonly string[];
  sort?: { column: string; desc: boolean };
  /** The column picked for sorting (highlighted in the header). */
  picked?: string;
}

/** Header and row lines, and the names of the columns that fit (in order). */
export function drawGrid(o: GridOptions): { lines: Line[]; shown: string[] } {
  const { names, rows } = o;
  const layout = layoutColumns(names, o.priorities, rows.map((r) => r.cells), o.width - 1, o.dropFirst ?? []);
  const cell = (k: number, t: string) => {
    const ci = layout.keep[k]!;
    return RIGHT_ALIGNED.has(names[ci]!) ? fitRight(t, layout.widths[k]!) : fit(t, layout.widths[k]!);
  };
  const gap = ' '.repeat(GAP);
  const arrow = o.sort?.desc ? '↓' : '↑';
  const header: Line = [seg(' ', theme.header)];
  layout.keep.forEach((ci, k) => {
    const name = names[ci]!;
    const text = cell(k, name === o.sort?.column ? name + arrow : name);
    header.push(seg(text, name === o.picked ? theme.pickedColumn : theme.header, name === o.picked ? { bold: true, inverse: true } : { bold: true }));
    if (k < layout.keep.length - 1) header.push(seg(gap, theme.header));
  });
  const lines: Line[] = [header];
  for (const r of rows) {
    const style = r.selected ? { inverse: true, bold: true } : { bold: !!r.marked };
    const lead = r.marked ? '▸' : ' ';
    if (!r.changed?.some((c) => c)) {
      lines.push([seg(lead + layout.keep.map((ci, k) => cell(k, r.cells[ci] ?? '')).join(gap), r.color, style)]);
      continue;
    }
    // Cells that changed in the last few seconds stand out (k9s marks changed values the same way).
    const line: Line = [seg(lead, r.color, style)];
    layout.keep.forEach((ci, k) => {
      const changed = r.changed![ci];
      line.push(seg(cell(k, r.cells[ci] ?? ''), changed ? theme.changed : r.color, changed ? { ...style, bold: true, underline: true } : style));
      if (k < layout.keep.length - 1) line.push(seg(gap, r.color, style));
    });
    lines.push(line);
  }
  return { lines, shown: layout.keep.map((ci) => names[ci]!) };
}

/** The column after (`delta` 1) or before (-1) `current` among `shown`, wrapping; from `fallback` (or the first) when none is picked. */
export function stepColumn(shown: readonly string[], current: string | undefined, delta: number, fallback?: string): string | undefined {
  if (!shown.length) return undefined;
  const from = current !== undefined && shown.includes(current) ? current : fallback !== undefined && shown.includes(fallback) ? fallback : undefined;
  if (from === undefined) return shown[delta > 0 ? 0 : shown.length - 1];
  return shown[(shown.indexOf(from) + delta + shown.length) % shown.length];
}
