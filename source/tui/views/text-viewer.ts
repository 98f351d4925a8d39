/**
 * A scrollable text pane (describe, YAML, logs, help): `/` search with highlighted matches and `n`/`N`, wrap,
 * follow (stay at the bottom as lines arrive). Only the visible lines are drawn.
 */
import { userRegex } from '../model/filter.js';
import { fit, sanitize, wrapLine } from '../text.js';
import { theme } from '../theme.js';
import type { Binding } from './context.js';
import { type Line, type Segment, boxLines, seg } from './lines.js';

export class TextViewer {
  private source: string[] = [];
  /** Lines as displayed (wrapped when wrap is on). */
  private display: string[] = [];
  private displayWidth = -1;
  offset = 0;
  wrap = false;
  follow = false;
  search: string | undefined;
  private re: RegExp | undefined;
  private matches: number[] = [];
  private current = -1;
  private pageSize = 10;

  constructor(lines: string[] = [], private readonly color: string = theme.info) {
    this.setLines(lines);
  }

  get lineCount(): number {
    return this.source.length;
  }

  /** Replace the text (refresh); keeps the scroll position, or the bottom when following. */
  setLines(lines: string[]): void {
    this.source = lines.map(sanitize);
    this.displayWidth = -1;
  }

  private layout(width: number): void {
    if (width === this.displayWidth) return;
    this.displayWidth = width;
    this.display = this.wrap ? this.source.flatMap((l) => wrapLine(l, width)) : this.source;
    this.findMatches();
  }

  private findMatches(): void {
    this.matches = [];
    if (!this.re) return;
    this.display.forEach((l, i) => {
      this.re!.lastIndex = 0;
      if (this.re!.test(l)) this.matches.push(i);
    });
  }

  /** Set the search term (live while typing); jumps to the first match at or after the top line. */
  setSearch(term: string): void {
    this.search = term || undefined;
    this.re = term ? userRegex(term, 'gi') : undefined;
    this.findMatches();
    this.current = this.matches.findIndex((i) => i >= this.offset);
    if (this.current < 0 && this.matches.length) this.current = 0;
    if (this.current >= 0) this.offset = this.matches[this.current]!;
  }

  /** `n` / `N`: next or previous match, wrapping around. */
  nextMatch(dir: 1 | -1): void {
    if (!this.matches.length) return;
    this.current = (this.current + dir + this.matches.length) % this.matches.length;
    this.offset = this.matches[this.current]!;
    this.follow = false;
  }

  scroll(delta: number): void {
    this.offset = Math.max(0, this.offset + delta);
    if (delta < 0) this.follow = false;
  }

  /** Scroll and search keys (`run` callbacks mark the app dirty through `dirty`). */
  bindings(dirty: () => void): Binding[] {
    const b = (key: string, label: string, fn: () => void, hidden = true): Binding => ({ key, label, hidden, run: () => { fn(); dirty(); } });
    return [
      b('j', 'Down', () => this.scroll(1)), b('down', 'Down', () => this.scroll(1)),
      b('k', 'Up', () => this.scroll(-1)), b('up', 'Up', () => this.scroll(-1)),
      b('g', 'Top', () => { this.offset = 0; this.follow = false; }), b('home', 'Top', () => { this.offset = 0; this.follow = false; }),
      b('shift-g', 'Bottom', () => { this.offset = Number.MAX_SAFE_INTEGER; }), b('end', 'Bottom', () => { this.offset = Number.MAX_SAFE_INTEGER; }),
      b('ctrl-f', 'Page Down', () => this.scroll(this.pageSize)), b('pgdn', 'Page Down', () => this.scroll(this.pageSize)),
      b('ctrl-b', 'Page Up', () => this.scroll(-this.pageSize)), b('pgup', 'Page Up', () => this.scroll(-this.pageSize)),
      b('n', 'Next Match', () => this.nextMatch(1), false), b('shift-n', 'Previous Match', () => this.nextMatch(-1)),
      b('w', 'Toggle Wrap', () => { this.wrap = !this.wrap; this.displayWidth = -1; }, false),
    ];
  }

  private highlight(text: string): Line {
    if (!this.re) return [seg(text, this.color)];
    const out: Segment[] = [];
    let last = 0;
    this.re.lastIndex = 0;
    for (let m = this.re.exec(text); m; m = this.re.exec(text)) {
      if (m[0] === '') {
        this.re.lastIndex++;
        continue;
      }
      if (m.index > last) out.push(seg(text.slice(last, m.index), this.color));
      out.push(seg(m[0], 'black', { bg: theme.searchMatch }));
      last = m.index + m[0].length;
    }
    if (last < text.length) out.push(seg(text.slice(last), this.color));
    return out;
  }

  /** Draw `title` over the text in a box of `width` × `height`; `header` lines (indicators) go above the text. */
  render(title: Line, width: number, height: number, header: Line[] = []): Line[] {
    const innerW = Math.max(1, width - 2);
    this.layout(innerW);
    const bodyH = Math.max(1, height - 2 - header.length);
    this.pageSize = bodyH;
    const maxOffset = Math.max(0, this.display.length - bodyH);
    if (this.follow || this.offset > maxOffset) this.offset = maxOffset;
    const content: Line[] = [...header];
    for (let i = this.offset; i < Math.min(this.display.length, this.offset + bodyH); i++) {
      content.push(this.highlight(this.wrap ? this.display[i]! : fit(this.display[i]!, innerW).trimEnd()));
    }
    const t = [...title];
    if (this.search) t.push(seg(`</${this.search}> ${this.matches.length ? `${this.current + 1}/${this.matches.length}` : 'no match'} `, theme.titleFilter, { bold: true }));
    return boxLines(t, content, width, height);
  }
}
