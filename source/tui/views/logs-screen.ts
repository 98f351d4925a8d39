/**
 * Container logs (`l`, `p` for the previous container): k9s's indicator bar and toggles — `s` autoscroll, `t`
 * timestamps, `w` wrap, `p` previous, `c` next container — refreshed as virtual time moves while following.
 */
import type { Pod } from '../../api/core.js';
import { theme } from '../theme.js';
import type { AppContext, Binding } from './context.js';
import { REFRESH_WALL_MS, TextScreen, safeLines } from './detail-screens.js';
import { type Line, seg } from './lines.js';

export class LogsScreen extends TextScreen {
  readonly type = 'logs';
  readonly crumb = 'logs';
  timestamps = false;
  private containerIndex = 0;
  private lastNow = -1;
  private lastWall = 0;
  private empty = false;

  /** `container` picks the container shown first (from the containers view); default: the pod's first container. */
  constructor(ctx: AppContext, readonly namespace: string, readonly pod: string, public previous = false, container?: string) {
    super(ctx);
    this.viewer.follow = true;
    if (container) this.containerIndex = Math.max(0, this.containers().indexOf(container));
    this.load();
  }

  /** The pod's containers, then its init containers (`c` cycles through all of them, as `kubectl logs -c` accepts). */
  private containers(): string[] {
    const p = this.ctx.client.get<Pod>('Pod', this.namespace, this.pod);
    return [...(p?.spec?.containers ?? []), ...(p?.spec?.initContainers ?? [])].map((c) => c.name);
  }

  get container(): string | undefined {
    const names = this.containers();
    return names[this.containerIndex % Math.max(1, names.length)];
  }

  private load(): void {
    const { lines, error } = safeLines(() => this.ctx.client.logs(this.namespace, this.pod, {
      container: this.container, previous: this.previous, timestamps: this.timestamps,
    }));
    if (error && this.lastNow < 0) this.ctx.flash(`logs ${this.namespace}/${this.pod}: ${error}`, 'error');
    this.empty = lines.length === 0;
    this.viewer.setLines(lines.length ? lines : ['Waiting for logs...']);
    this.lastNow = this.ctx.client.now();
    this.lastWall = this.ctx.wallNow();
  }

  title(): Line {
    const c = this.container;
    return [
      seg(` logs`, theme.title, { bold: true }),
      seg(`(${this.namespace}/${this.pod}${c ? `:${c}` : ''})${this.previous ? '[previous]' : ''} `, theme.titleCount, { bold: true }),
    ];
  }

  override bindings(): Binding[] {
    const toggle = (key: string, label: string, fn: () => void): Binding => ({ key, label, run: () => { fn(); this.load(); this.ctx.markDirty(); } });
    return [
      toggle('s', 'Toggle AutoScroll', () => { this.viewer.follow = !this.viewer.follow; }),
      toggle('t', 'Toggle Timestamps', () => { this.timestamps = !this.timestamps; }),
      toggle('p', 'Toggle Previous', () => { this.previous = !this.previous; }),
      toggle('c', 'Next Container', () => { this.containerIndex++; }),
      toggle('0', 'Tail (follow)', () => { this.viewer.follow = true; }),
      ...super.bindings(),
    ];
  }

  override render(width: number, height: number): Line[] {
    const on = (b: boolean) => (b ? 'On' : 'Off');
    const indicator: Line = [seg(
      `Autoscroll:${on(this.viewer.follow)}  Timestamps:${on(this.timestamps)}  Wrap:${on(this.viewer.wrap)}  Previous:${on(this.previous)}`,
      theme.hint,
    )];
    return this.viewer.render(this.title(), width, height, [indicator]);
  }

  tick(): boolean {
    if (!this.viewer.follow && !this.empty) return false;
    if (this.ctx.client.now() === this.lastNow || this.ctx.wallNow() - this.lastWall < REFRESH_WALL_MS) return false;
    this.load();
    return true;
  }
}
