/**
 * The app's state and behaviour outside React: the screen stack, prompt, dialog, flash line, history, the
 * simulation clock (wall time → virtual time at the chosen speed) and one keypress dispatcher. React only draws
 * `frame()` when `version` changes; keystrokes redraw at once, data changes at most every tick (10 per second).
 */
import type { KubeObject } from '../api/meta.js';
import { lookupKind } from '../api/print/index.js';
import type { ClusterClient, DrainHandle, SimulationControls } from '../client/cluster-client.js';
import { DrainWatch } from './drain-watch.js';
import { type KeyPress, keysFromRaw } from './keys.js';
import { ClusterSummary, clusterUsage } from './model/cluster-summary.js';
import { sortChoices } from './model/kind-sorts.js';
import { latestValue, MetricsRecorder } from './model/metrics.js';
import { type UsageReader, usageReader } from './model/usage.js';
import { type KindCache, ObjectCache } from './model/object-cache.js';
import { FAULT_COLUMN, type Scope } from './model/table-model.js';
import { rowFault } from './model/health.js';
import { type ClockNotice, SimClock } from './sim-clock.js';
import { parseCommand } from './views/commands.js';
import { type Prompt, promptKey } from './views/prompt.js';
import type { AppContext, Binding, FlashLevel, Screen } from './views/context.js';
import { PlainScreen } from './views/detail-screens.js';
import type { Dialog } from './views/dialog.js';
import { drawFrame } from './views/app-frame.js';
import { clockText } from './views/header.js';
import { HelpScreen, helpSections } from './views/help.js';
import type { Line } from './views/lines.js';
import { MetricsScreen } from './views/metrics-pane.js';
import { NodeGroupsScreen } from './views/nodegroups-screen.js';
import { TrafficScreen } from './views/traffic-screen.js';
import { OverviewScreen } from './views/overview-screen.js';
import { TableScreen } from './views/table-screen.js';
import { objName } from './model/order.js';

/** The app tick: clock advance, flash expiry, live refresh (at most 10 redraws a second). */
export const TICK_MS = 100;
/** How long a flash message stays. */
export const FLASH_MS = 6_000;
/** Quiet time (no keys) before a background column build runs. */
const WARMUP_IDLE_MS = 1_000;
/** How often cluster usage is summed over the nodes (wall time). */
const USAGE_WALL_MS = 1_000;

export interface AppOptions {
  client: ClusterClient;
  /** Present for a simulation: clock, speed, seed. */
  controls?: SimulationControls;
  readonly?: boolean;
  /** `-c VIEW`: a `:` command to open at start. */
  command?: string;
  /** Initial speed factor (default 1; 0 = paused). */
  speed?: number;
  /** Terminal size until the first resize (tests). */
  columns?: number;
  rows?: number;
  /** Wall clock (tests inject one). */
  wallNow?: () => number;
}

interface Flash {
  text: string;
  level: FlashLevel;
  until: number;
}

export class AppController implements AppContext {
  readonly client: ClusterClient;
  readonly controls: SimulationControls | undefined;
  readonly readonly: boolean;
  readonly cache: ObjectCache;
  readonly summary: ClusterSummary;
  readonly metrics: MetricsRecorder;
  readonly usage: UsageReader;
  columns: number;
  rows: number;
  headerVisible = true;
  version = 0;
  stack: Screen[];
  prompt: Prompt | undefined;
  dialog: Dialog | undefined;
  flashState: Flash | undefined;
  /** `:` commands run, for `[` / `]`. */
  readonly history: string[] = [];
  historyPos = -1;
  onQuit: () => void = () => {};
  quitting = false;
  private ns: string | undefined;
  private dirty = false;
  private readonly listeners = new Set<() => void>();
  readonly wallNow: () => number;
  /** The simulation clock (absent when attached to a real cluster). */
  readonly clock: SimClock | undefined;
  private lastClock = '';
  private readonly podCache: KindCache;
  private readonly nodeCache: KindCache;
  private readonly drains = new DrainWatch();

  constructor(opts: AppOptions) {
    this.client = opts.client;
    this.controls = opts.controls;
    this.readonly = opts.readonly ?? false;
    this.columns = opts.columns ?? 80;
    this.rows = opts.rows ?? 24;
    this.wallNow = opts.wallNow ?? (() => performance.now());
    this.clock = opts.controls ? new SimClock(opts.controls, this.wallNow) : undefined;
    this.usage = usageReader(opts.controls);
    // One sample per metrics-server scrape: the UI's own series and metrics-server's share the pane's time axis.
    this.metrics = new MetricsRecorder(opts.controls?.metrics?.resolutionMs);
    this.cache = new ObjectCache(this.client, () => { this.dirty = true; });
    this.podCache = this.cache.acquire('Pod');
    this.nodeCache = this.cache.acquire('Node');
    this.summary = new ClusterSummary(this.podCache, this.nodeCache);
    this.refreshUsage(this.wallNow());
    this.metrics.sample(this.client.now(), this.summary, this.sampleExtras());
    if (this.controls && opts.speed !== undefined) this.controls.setSpeed(opts.speed);
    this.stack = [new OverviewScreen(this)];
    if (opts.command) this.runCommand(opts.command, true);
    // While idle, build the pod cache's sort and search columns, so the first sort or filter over a big cluster
    // does not pay for reading every pod (one column per tick).
    const pods = this.podCache;
    this.warmups = [
      () => pods.textColumn(),
      () => pods.column(FAULT_COLUMN, (o) => (rowFault('Pod', o) ? 1 : 0)),
      ...sortChoices('Pod').map((c) => c.spec(false)).filter((spec) => spec.key && !spec.volatile).map((spec) => () => pods.column(spec.id, spec.key!)),
    ];
  }

  private readonly warmups: (() => void)[];

  /** Whether background column builds are still queued (they run on idle ticks). */
  get warming(): boolean {
    return this.warmups.length > 0;
  }
  private lastInputWall = -Infinity;

  // ---- React wiring ----

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /** Tell React to draw a new frame. */
  bump(): void {
    this.dirty = false;
    this.version++;
    for (const fn of this.listeners) fn();
  }

  markDirty(): void {
    this.dirty = true;
  }

  resize(columns: number | undefined, rows: number | undefined): void {
    const c = columns && columns > 0 ? columns : this.columns;
    const r = rows && rows > 0 ? rows : this.rows;
    if (c === this.columns && r === this.rows) return;
    this.columns = c;
    this.rows = r;
    this.bump();
  }

  // ---- AppContext services ----

  namespace(): string | undefined {
    return this.ns;
  }

  setNamespace(ns: string | undefined): void {
    this.ns = ns;
  }

  favourites(): (string | undefined)[] {
    const names = this.client.list('Namespace').map((n) => objName(n)).sort();
    const rest = names.filter((n) => n !== 'default');
    if (this.ns && !names.includes(this.ns)) rest.unshift(this.ns);
    return [undefined, 'default', ...rest].slice(0, 10);
  }

  flash(text: string, level: FlashLevel = 'info'): void {
    this.flashState = { text, level, until: this.wallNow() + FLASH_MS };
    this.dirty = true;
  }

  openDialog(d: Dialog): void {
    this.dialog = d;
    this.dirty = true;
  }

  get top(): Screen {
    return this.stack[this.stack.length - 1]!;
  }

  push(s: Screen): void {
    this.stack.push(s);
    this.dirty = true;
  }

  replace(s: Screen): void {
    while (this.stack.length > 1) this.stack.pop()!.dispose();
    this.stack.push(s);
    this.dirty = true;
  }

  pop(): void {
    if (this.stack.length > 1) this.stack.pop()!.dispose();
    this.dirty = true;
  }

  openTable(kind: string, opts: { scope?: Scope; select?: KubeObject; push?: boolean; filter?: string } = {}): void {
    const namespaced = lookupKind(kind)?.namespaced ?? true;
    const scope = opts.scope ?? (namespaced ? { label: this.ns ?? 'all', namespace: this.ns } : { label: '' });
    const screen = new TableScreen(this, kind, { scope, select: opts.select, filter: opts.filter });
    if (opts.push) this.push(screen);
    else this.replace(screen);
  }

  command(line: string): void {
    this.runCommand(line, false);
  }

  watchDrain(node: string, handle: DrainHandle): void {
    this.drains.add(node, handle);
    this.flash(`draining node ${node}…`, 'info');
    this.drains.poll((t, l) => this.flash(t, l));
  }

  quit(): void {
    if (this.quitting) return;
    this.quitting = true;
    this.onQuit();
  }

  // ---- commands ----

  /** Run a `:` line; `record` adds it to the `[` / `]` history. */
  runCommand(line: string, record: boolean): void {
    const cmd = parseCommand(line);
    switch (cmd.type) {
      case 'quit': this.quit(); return;
      case 'help': this.openHelp(); return;
      case 'overview':
        while (this.stack.length > 1) this.stack.pop()!.dispose();
        break;
      case 'metrics':
        this.push(new MetricsScreen(this));
        break;
      case 'traffic':
        this.replace(new TrafficScreen(this));
        break;
      case 'nodegroups':
        this.replace(new NodeGroupsScreen(this));
        break;
      case 'apply': {
        if (this.readonly) {
          this.flash('read-only mode: apply is disabled', 'warn');
          return;
        }
        let r;
        try {
          r = this.client.applyPath(cmd.path);
        } catch (err) {
          this.flash(`apply: ${err instanceof Error ? err.message : String(err)}`, 'error');
          return;
        }
        this.flash(r.lines.length > 1 ? `${r.lines[0]} (+${r.lines.length - 1} more)` : (r.lines[0] ?? r.message), r.ok ? 'info' : 'error');
        if (r.lines.length > 1) this.push(new PlainScreen(this, 'apply', `apply(${cmd.path})`, r.lines));
        break;
      }
      case 'view': {
        const namespaced = lookupKind(cmd.kind)?.namespaced ?? true;
        if (cmd.allNamespaces) this.ns = undefined;
        else if (cmd.namespace && namespaced) this.ns = cmd.namespace;
        this.openTable(cmd.kind, { filter: cmd.filter });
        break;
      }
      case 'error':
        this.flash(cmd.message, 'error');
        return;
    }
    if (record) {
      this.history.splice(this.historyPos + 1);
      this.history.push(line.trim());
      this.historyPos = this.history.length - 1;
    }
    this.dirty = true;
  }

  private historyMove(delta: number): void {
    const pos = this.historyPos + delta;
    if (pos < 0 || pos >= this.history.length) {
      this.flash(delta < 0 ? 'no earlier view in history' : 'no later view in history', 'warn');
      return;
    }
    this.historyPos = pos;
    this.runCommand(this.history[pos]!, false);
  }

  private openHelp(): void {
    const screen = this.top;
    this.push(new HelpScreen(this, helpSections(screen.crumb, screen.bindings(), this.globalBindings(), this.readonly)));
  }

  // ---- simulation clock ----

  private notify(n: ClockNotice | undefined): void {
    if (n) this.flash(n.text, n.level);
  }

  /** One app tick: move the clock, sample metrics, expire the flash, refresh live screens; redraw if anything changed. */
  tick(): void {
    const wall = this.wallNow();
    this.notify(this.clock?.tick());
    const now = this.client.now();
    this.refreshUsage(wall);
    if (this.metrics.sample(now, this.summary, this.sampleExtras())) this.dirty = true;
    if (this.flashState && wall >= this.flashState.until) {
      this.flashState = undefined;
      this.dirty = true;
    }
    if (this.drains.size) this.drains.poll((t, l) => this.flash(t, l));
    try {
      if (this.top.tick?.()) this.dirty = true;
    } catch (err) {
      this.flash(err instanceof Error ? err.message : String(err), 'error');
    }
    if (this.warmups.length && wall - this.lastInputWall > WARMUP_IDLE_MS) this.warmups.shift()!();
    const clock = clockText(now);
    if (clock !== this.lastClock) {
      this.lastClock = clock;
      this.dirty = true;
    }
    if (this.dirty) this.bump();
  }

  /**
   * Cluster usage for the header: metrics-server's cluster series (the sum of NodeMetrics at its last scrape, O(1)),
   * or without a metrics server the kubelets' readings summed over nodes, at most once a wall second (at 5,000
   * nodes that sum is not free).
   */
  clusterUse: { cpuMilli: number; memoryBytes: number } | undefined;
  private usageAt = -Infinity;

  private refreshUsage(wall: number): void {
    const controls = this.controls;
    if (!controls) return;
    const m = controls.metrics;
    if (m) {
      const cpu = latestValue(m.series('cluster', '', 'cpu'));
      const memory = latestValue(m.series('cluster', '', 'memory'));
      this.clusterUse = cpu === undefined || memory === undefined ? undefined : { cpuMilli: cpu, memoryBytes: memory };
      return;
    }
    if (wall - this.usageAt < USAGE_WALL_MS) return;
    this.usageAt = wall;
    this.clusterUse = clusterUsage(controls, this.summary.nodes.keys());
  }

  /** What the metrics recorder samples besides the summary: usage (only without a metrics server) and the cost rate. */
  private sampleExtras() {
    return { usage: this.controls?.metrics ? undefined : this.clusterUse, costRatePerHour: this.controls?.autoscaling?.cost().ratePerHour };
  }

  // ---- keys ----

  /** One raw input event from Ink's stdin (a text run or one escape sequence): one stable function for the app's lifetime. */
  handleInput = (data: string): void => {
    this.lastInputWall = this.wallNow();
    for (const k of keysFromRaw(data)) this.handleKey(k);
    this.bump();
  };

  /** The app's own keys (after the view's, which win on a clash). */
  globalBindings(): Binding[] {
    const screen = this.top;
    const out: Binding[] = [
      { key: '?', label: 'Help', run: () => this.openHelp() },
      { key: ':', label: 'Command', hidden: true, run: () => { this.prompt = { mode: 'command', text: '' }; } },
    ];
    if (screen.setFilter) out.push({ key: '/', label: screen.type === 'table' || screen.type === 'overview' ? 'Filter' : 'Search', hidden: true, run: () => { this.prompt = { mode: 'filter', text: screen.filterText?.() ?? '' }; } });
    out.push(
      { key: 'esc', label: 'Back / Clear filter', hidden: this.stack.length < 2, run: () => this.back() },
      { key: '[', label: 'History Back', hidden: true, run: () => this.historyMove(-1) },
      { key: ']', label: 'History Forward', hidden: true, run: () => this.historyMove(1) },
      { key: 'ctrl-e', label: 'Toggle Header', hidden: true, run: () => { this.headerVisible = !this.headerVisible; } },
      { key: 'ctrl-r', label: 'Refresh', hidden: true, run: () => { this.dirty = true; } },
      { key: 'ctrl-c', label: 'Quit', hidden: true, run: () => this.quit() },
    );
    const clock = this.clock;
    if (clock) {
      out.push(
        { key: 'ctrl-p', label: clock.paused ? 'Resume' : 'Pause', run: () => this.notify(clock.togglePause()) },
        { key: '>', label: 'Faster', run: () => this.notify(clock.speedStep(1)) },
        { key: '<', label: 'Slower', run: () => this.notify(clock.speedStep(-1)) },
        { key: '.', label: 'Step 1s', hidden: !clock.paused, run: () => this.notify(clock.step()) },
      );
    }
    return out;
  }

  private back(): void {
    const screen = this.top;
    // In a table, esc clears the filter first (k9s); detail views go straight back.
    if ((screen.type === 'table' || screen.type === 'overview') && screen.filterText?.()) {
      screen.setFilter?.('');
      return;
    }
    this.pop();
  }

  handleKey(k: KeyPress): void {
    try {
      if (k.name === 'ctrl-c') {
        this.quit();
        return;
      }
      if (this.dialog) {
        if (!this.dialog.handleKey(k)) this.dialog = undefined;
        return;
      }
      if (this.prompt) {
        promptKey(this.prompt, k, {
          close: () => { this.prompt = undefined; },
          run: (line) => this.runCommand(line, true),
          filter: (text) => this.top.setFilter?.(text),
        });
        return;
      }
      const b = this.top.bindings().find((x) => x.key === k.name) ?? this.globalBindings().find((x) => x.key === k.name);
      if (!b) return;
      if (b.mutating && this.readonly) {
        this.flash(`read-only mode: ${b.label} is disabled`, 'warn');
        return;
      }
      b.run();
    } catch (err) {
      this.flash(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  // ---- drawing ----

  /** Header contents for the frame. */
  header() {
    return {
      info: this.client.info(), summary: this.summary, usage: this.clusterUse, nowMs: this.client.now(), speed: this.controls?.speed(),
      seed: this.controls?.seed, readonly: this.readonly, cost: this.controls?.autoscaling?.cost(),
    };
  }

  /** Header hints: help first (a newcomer's way in), the screen's keys, then the clock keys. */
  hints(): Binding[] {
    const global = this.globalBindings();
    const pick = (keys: string[]) => global.filter((b) => keys.includes(b.key));
    return [...pick(['?']), ...this.top.bindings(), ...pick(['ctrl-p', '>', '<', '.', 'esc'])];
  }

  /** The whole screen (see views/app-frame.ts). */
  frame(): Line[] {
    return drawFrame(this);
  }

  dispose(): void {
    for (const s of this.stack) s.dispose();
    this.stack = [];
    this.summary.dispose();
    this.cache.release('Pod');
    this.cache.release('Node');
    this.cache.dispose();
    this.listeners.clear();
  }
}
