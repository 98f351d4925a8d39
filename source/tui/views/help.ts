/** `?`: every binding of the current view, then the app's own keys, in columns as k9s's help screen. */
import { keyLabel } from '../keys.js';
import { textWidth } from '../text.js';
import type { AppContext, Binding } from './context.js';
import { TextScreen } from './detail-screens.js';
import { type Line, seg } from './lines.js';
import { theme } from '../theme.js';

/** A titled group of `keys → label` entries. */
export interface HelpSection {
  title: string;
  entries: [string, string][];
}

/** Group bindings into sections; keys sharing a label (j / down) share an entry; mutating keys are left out when read-only. */
export function helpSections(viewName: string, view: Binding[], global: Binding[], readonly: boolean): HelpSection[] {
  const section = (title: string, bindings: Binding[]): HelpSection => {
    const byLabel = new Map<string, string[]>();
    for (const b of bindings) {
      if (readonly && b.mutating) continue;
      const keys = byLabel.get(b.label) ?? [];
      if (!keys.includes(b.key)) keys.push(b.key);
      byLabel.set(b.label, keys);
    }
    return { title, entries: [...byLabel].map(([label, keys]) => [keys.map(keyLabel).join(' '), label]) };
  };
  const navigation = new Set(['Down', 'Up', 'Top', 'Bottom', 'Page Down', 'Page Up', 'Back']);
  const isSort = (b: Binding) => b.label.startsWith('Sort ');
  // GENERAL before SORT: the app's keys (help, command, clock) matter more on a small screen than the sort keys.
  const out = [
    section(viewName.toUpperCase(), view.filter((b) => !navigation.has(b.label) && !isSort(b))),
    section('GENERAL', global),
    section('SORT', view.filter(isSort)),
    section('NAVIGATION', view.filter((b) => navigation.has(b.label))),
  ].filter((s) => s.entries.length);
  if (readonly) out.push({ title: 'READ-ONLY', entries: [['', 'keys that change the cluster are hidden and refused']] });
  return out;
}

/** Gap between help columns. */
const COLUMN_GAP = 3;

/** Sections laid out side by side, each as wide as its own entries, as many per row as fit `width`, as text lines. */
export function helpLines(sections: HelpSection[], width: number): string[] {
  const blocks = sections.map((s) => {
    const kw = Math.max(0, ...s.entries.map(([k]) => textWidth(k)));
    const lines = [s.title, ...s.entries.map(([k, l]) => `${k.padEnd(kw)}  ${l}`), ''];
    return { lines, width: Math.max(...lines.map(textWidth)) };
  });
  const rows: (typeof blocks)[] = [];
  let used = Infinity;
  for (const b of blocks) {
    if (used + COLUMN_GAP + b.width > width) {
      rows.push([b]);
      used = b.width;
    } else {
      rows[rows.length - 1]!.push(b);
      used += COLUMN_GAP + b.width;
    }
  }
  const out: string[] = [];
  for (const row of rows) {
    const h = Math.max(...row.map((b) => b.lines.length));
    for (let r = 0; r < h; r++) out.push(row.map((b) => (b.lines[r] ?? '').padEnd(b.width + COLUMN_GAP)).join('').trimEnd());
  }
  return out;
}

export class HelpScreen extends TextScreen {
  readonly type = 'help';
  readonly crumb = 'help';
  private laidOutFor = -1;

  constructor(ctx: AppContext, private readonly sections: HelpSection[]) {
    super(ctx);
  }

  title(): Line {
    return [seg(' help ', theme.title, { bold: true })];
  }

  override render(width: number, height: number): Line[] {
    if (width !== this.laidOutFor) {
      this.laidOutFor = width;
      this.viewer.setLines(helpLines(this.sections, width - 2));
    }
    return super.render(width, height);
  }
}
