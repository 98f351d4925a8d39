/** Detail screens over one object: describe (`d`), YAML (`y`), and plain text (help, apply output). */
import { stringify } from 'yaml';
import type { KubeObject } from '../../api/meta.js';
import { theme } from '../theme.js';
import type { AppContext, Binding, Screen } from './context.js';
import { type Line, seg } from './lines.js';
import { TextViewer } from './text-viewer.js';
import { objName } from '../model/order.js';

/** Refresh describe / logs at most once a wall second, and only when virtual time moved. */
export const REFRESH_WALL_MS = 1_000;

/** Where a detail screen points: kind, namespace, name. */
export interface ObjectRef {
  kind: string;
  namespace: string | undefined;
  name: string;
}

export const refOf = (kind: string, o: KubeObject): ObjectRef => ({ kind, namespace: o.metadata.namespace, name: objName(o) });
const refText = (r: ObjectRef) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);

/** Text lines from a thunk that may throw (describe and logs are written by others and may not exist yet). */
export function safeLines(fn: () => string | string[]): { lines: string[]; error?: string } {
  try {
    const v = fn();
    return { lines: Array.isArray(v) ? v : v.replace(/\n$/, '').split('\n') };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { lines: [`error: ${message}`], error: message };
  }
}

/** A text screen with scroll / search keys and `q`/`esc` back. */
export abstract class TextScreen implements Screen {
  abstract readonly type: string;
  abstract readonly crumb: string;
  protected readonly viewer = new TextViewer();

  constructor(protected readonly ctx: AppContext) {}

  abstract title(): Line;

  bindings(): Binding[] {
    return [
      ...this.viewer.bindings(() => this.ctx.markDirty()),
      { key: 'q', label: 'Back', hidden: true, run: () => this.ctx.pop() },
    ];
  }

  setFilter(text: string): void {
    this.viewer.setSearch(text);
  }

  filterText(): string {
    return this.viewer.search ?? '';
  }

  render(width: number, height: number): Line[] {
    return this.viewer.render(this.title(), width, height);
  }

  dispose(): void {}
}

/** `kubectl describe` of one object, refreshed as the cluster moves (conditions, events). */
export class DescribeScreen extends TextScreen {
  readonly type = 'describe';
  readonly crumb = 'describe';
  private lastNow = -1;
  private lastWall = 0;

  constructor(ctx: AppContext, readonly ref: ObjectRef) {
    super(ctx);
    this.load();
  }

  private load(): void {
    const { lines, error } = safeLines(() => this.ctx.client.describe(this.ref.kind, this.ref.namespace, this.ref.name));
    if (error && this.lastNow < 0) this.ctx.flash(`describe ${refText(this.ref)}: ${error}`, 'error');
    this.viewer.setLines(lines);
    this.lastNow = this.ctx.client.now();
    this.lastWall = this.ctx.wallNow();
  }

  title(): Line {
    return [seg(' describe', theme.title, { bold: true }), seg(`(${refText(this.ref)}) `, theme.titleCount, { bold: true })];
  }

  tick(): boolean {
    if (this.ctx.client.now() === this.lastNow || this.ctx.wallNow() - this.lastWall < REFRESH_WALL_MS) return false;
    this.load();
    return true;
  }
}

/** The object as YAML (managedFields left out, as kubectl and k9s show it by default). */
export class YamlScreen extends TextScreen {
  readonly type = 'yaml';
  readonly crumb = 'yaml';
  private shown: KubeObject | undefined;

  constructor(ctx: AppContext, readonly ref: ObjectRef) {
    super(ctx);
    this.tick();
  }

  title(): Line {
    return [seg(' yaml', theme.title, { bold: true }), seg(`(${refText(this.ref)}) `, theme.titleCount, { bold: true })];
  }

  tick(): boolean {
    const o = this.ctx.client.get(this.ref.kind, this.ref.namespace, this.ref.name);
    if (o === this.shown && this.shown !== undefined) return false;
    this.shown = o;
    if (!o) {
      this.viewer.setLines([`${this.ref.kind} ${refText(this.ref)} no longer exists`]);
      return true;
    }
    const { managedFields: _drop, ...metadata } = o.metadata as KubeObject['metadata'] & { managedFields?: unknown };
    this.viewer.setLines(stringify({ ...o, metadata }, { lineWidth: 0 }).replace(/\n$/, '').split('\n'));
    return true;
  }
}

/** Fixed text (help, `:apply` output). */
export class PlainScreen extends TextScreen {
  readonly type = 'text';

  constructor(ctx: AppContext, readonly crumb: string, private readonly heading: string, lines: string[]) {
    super(ctx);
    this.viewer.setLines(lines);
  }

  title(): Line {
    return [seg(` ${this.heading} `, theme.title, { bold: true })];
  }
}
