/**
 * `kubectl drain` in virtual time: cordon, refuse or skip pods kubectl would, evict the rest through the
 * Eviction API (retrying every 5 s on a PDB's 429), wait for each pod to be gone, and print kubectl's lines.
 */
import type { Pod } from '../../api/core.js';
import { ApiError, isApiError } from '../../api/errors.js';
import { formatDuration } from '../../api/duration.js';
import type { TimerHandle } from '../../engine/timers.js';
import { evictPod } from '../../store/eviction.js';
import type { Simulation } from '../simulation.js';
import { cordon } from './basic.js';

export interface DrainOptions {
  gracePeriodSeconds?: number;
  timeoutMs?: number;
  ignoreDaemonSets?: boolean;
  deleteEmptyDirData?: boolean;
  force?: boolean;
  disableEviction?: boolean;
}

const RETRY_MS = 5_000;
const POLL_MS = 1_000;

const podRef = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
const controllerOf = (p: Pod) => p.metadata.ownerReferences?.find((r) => r.controller);

/** A drain underway; lines arrive as kubectl would print them. */
export class Drain {
  readonly lines: string[] = [];
  state: 'running' | 'done' | 'failed' = 'running';
  private readonly listeners = new Set<(line: string) => void>();
  private timers: TimerHandle[] = [];
  private readonly waiting = new Map<string, Pod>();
  /** Pods whose eviction a PDB refused, waiting for their 5 s retry. */
  private readonly retrying = new Set<string>();
  private deadline = Infinity;

  constructor(private readonly sim: Simulation, readonly node: string, private readonly opts: DrainOptions) {}

  onLine(fn: (line: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  cancel(): void {
    if (this.state !== 'running') return;
    for (const t of this.timers) this.sim.engine.timers.cancel(t);
    this.fail(`error: drain of node "${this.node}" cancelled`);
  }

  start(): this {
    try {
      this.print(cordon(this.sim, this.node, true));
    } catch (err) {
      this.fail(`error: ${err instanceof Error ? err.message : String(err)}`);
      return this;
    }
    if (this.opts.timeoutMs !== undefined) this.deadline = this.sim.now() + this.opts.timeoutMs;
    const pods = this.sim.store.select<Pod>('Pod', { nodeName: this.node });
    const daemon: Pod[] = [], local: Pod[] = [], orphans: Pod[] = [], evict: Pod[] = [];
    for (const p of pods) {
      if (p.metadata.annotations?.['kubernetes.io/config.mirror']) continue; // mirror pods are skipped silently
      if (p.metadata.deletionTimestamp) { this.waiting.set(podRef(p), p); continue; }
      const owner = controllerOf(p);
      if (owner?.kind === 'DaemonSet') { daemon.push(p); continue; }
      if (!owner && !this.opts.force) { orphans.push(p); continue; }
      if ((p.spec.volumes ?? []).some((v) => v.emptyDir) && !this.opts.deleteEmptyDirData) { local.push(p); continue; }
      evict.push(p);
    }
    const errors: string[] = [];
    if (daemon.length && !this.opts.ignoreDaemonSets) errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemon.map(podRef).join(', ')}`);
    if (local.length) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.map(podRef).join(', ')}`);
    if (orphans.length) errors.push(`cannot delete Pods declare no controller (use --force to override): ${orphans.map(podRef).join(', ')}`);
    if (errors.length) {
      this.print(`error: unable to drain node "${this.node}" due to error: ${errors.join(', ')}, continuing command...`);
      this.print('There are pending nodes to be drained:');
      this.print(` ${this.node}`);
      for (const e of errors) this.print(e);
      this.finish('failed');
      return this;
    }
    if (daemon.length) this.print(`Warning: ignoring DaemonSet-managed Pods: ${daemon.map(podRef).join(', ')}`);
    for (const p of evict) this.evict(p);
    this.poll();
    return this;
  }

  private evict(p: Pod): void {
    if (this.state !== 'running') return;
    const ns = p.metadata.namespace!, name = p.metadata.name!;
    this.retrying.delete(podRef(p));
    if (this.sim.now() >= this.deadline) return this.timeout(`error when evicting pods/"${name}" -n "${ns}"`);
    this.print(`evicting pod ${ns}/${name}`);
    try {
      if (this.opts.disableEviction) {
        this.sim.store.delete('Pod', ns, name, { gracePeriodSeconds: this.opts.gracePeriodSeconds, preconditions: { uid: p.metadata.uid } });
      } else {
        evictPod(this.sim.store, this.sim.engine.events, ns, name, { gracePeriodSeconds: this.opts.gracePeriodSeconds });
      }
      this.waiting.set(podRef(p), p);
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      if (isApiError(err, 'TooManyRequests')) {
        this.print(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${(err as ApiError).message}`);
        this.retrying.add(podRef(p));
        this.timers.push(this.sim.engine.after(RETRY_MS, () => this.evict(p), 'drain:retry'));
        return;
      }
      this.fail(`error: unable to drain node "${this.node}" due to error: error when evicting pods/"${name}" -n "${ns}": ${err instanceof Error ? err.message : String(err)}, continuing command...`);
    }
  }

  /** Wait for evicted pods to disappear (or be replaced under the same name with a new uid). */
  private poll(): void {
    if (this.state !== 'running') return;
    for (const [ref, p] of this.waiting) {
      const live = this.sim.store.tryGet<Pod>('Pod', p.metadata.namespace, p.metadata.name!);
      if (!live || live.metadata.uid !== p.metadata.uid) {
        this.waiting.delete(ref);
        this.print(`pod/${p.metadata.name} evicted`);
      }
    }
    if (this.waiting.size === 0 && this.retrying.size === 0) {
      this.print(`node/${this.node} drained`);
      return this.finish('done');
    }
    if (this.sim.now() >= this.deadline) {
      const first = [...this.waiting.values()][0];
      return this.timeout(first ? `error when waiting for pod "${first.metadata.name}" in namespace "${first.metadata.namespace}" to terminate` : 'error when evicting pods');
    }
    const now = this.sim.now();
    this.timers = this.timers.filter((t) => t.at > now); // fired timers need no cancelling
    this.timers.push(this.sim.engine.after(POLL_MS, () => this.poll(), 'drain:poll'));
  }

  private timeout(what: string): void {
    this.fail(`error: unable to drain node "${this.node}" due to error: ${what}: global timeout reached: ${formatDuration(this.opts.timeoutMs ?? 0)}, continuing command...`);
  }

  private fail(line: string): void {
    this.print(line);
    this.finish('failed');
  }

  private finish(state: 'done' | 'failed'): void {
    this.state = state;
    for (const t of this.timers) this.sim.engine.timers.cancel(t);
  }

  private print(line: string): void {
    this.lines.push(line);
    for (const fn of this.listeners) fn(line);
  }
}

/** Start draining a node; the simulation's clock drives it from here. */
export function drain(sim: Simulation, node: string, opts: DrainOptions = {}): Drain {
  return new Drain(sim, node, opts).start();
}
