/**
 * The chaos faults' way into the simulated kubelets (one `KubeletFaults` per KubeletPool, see `kubeletFaults`):
 * behaviour patches on chosen pods' containers, patches for the new pods a rule picks (a workload's next pods
 * cannot pull their image), killing a container, and the machine-level and pressure faults of nodes. Every change
 * is owned by a fault id and `release(owner)` undoes all of it. Patches are kept by pod uid, so a pod its kubelet
 * makes a new worker for (after a crash) gets them again.
 */
import type { Pod } from '../api/core.js';
import { type PatchEntry, type ProfilePatch, kick, killRun, refreshRun } from './fault-profile.js';
import type { KubeletPool } from './kubelet-pool.js';
import { type MachineHold, MachineFaults } from './machine-faults.js';
import type { PodWorker } from './pod-worker.js';
import { type PressureResource, PressureFaults } from './pressure-faults.js';

export type { MachineHold, PressureResource, ProfilePatch };

/** A pod by identity: the uid tells it from a later pod of the same name. */
export interface PodRef { namespace: string; name: string; uid: string }

/** New pods a fault patches: those `matches` accepts, except the ones that existed when it started. */
interface NewPodRule { patch: ProfilePatch; containers?: ReadonlySet<string>; since: number; matches: (pod: Pod) => boolean; existing: ReadonlySet<string> }

/** Chaos hooks of one kubelet pool. */
export class KubeletFaults {
  readonly machines: MachineFaults;
  readonly pressure: PressureFaults;
  /** Patches by pod uid, and where each pod is. */
  private readonly patches = new Map<string, { pod: PodRef; entries: PatchEntry[] }>();
  private readonly rules = new Map<string, NewPodRule>();

  constructor(private readonly pool: KubeletPool) {
    this.machines = new MachineFaults(pool);
    this.pressure = new PressureFaults(pool);
    pool.onWorkerAdded = (w) => this.workerAdded(w);
  }

  /** The worker running this pod now (undefined: not on a simulated node yet, or another pod of that name). */
  worker(pod: PodRef): PodWorker | undefined {
    const w = this.pool.podWorker(pod.namespace, pod.name);
    return w && !w.disposed && w.uid === pod.uid ? w : undefined;
  }

  /**
   * Patch the containers of `pods` for `owner` (`containers` undefined: every long-running container). Running
   * containers change now, the others from their next start. Static pods are left alone (their behaviour is the
   * control plane's health). Returns the pods patched.
   */
  patchPods(owner: string, pods: readonly PodRef[], patch: ProfilePatch, containers?: readonly string[]): PodRef[] {
    const since = this.pool.engine.now();
    const set = containers ? new Set(containers) : undefined;
    const done: PodRef[] = [];
    for (const pod of pods) {
      const w = this.worker(pod);
      if (w?.staticComponent) continue;
      this.addEntry(pod, { owner, patch, containers: set, since });
      if (w) this.refresh(w);
      done.push(pod);
    }
    return done;
  }

  /** Patch the pods created from now on that `matches` accepts (`existing`: uids of pods that are not new). */
  patchNewPods(owner: string, matches: (pod: Pod) => boolean, existing: Iterable<string>, patch: ProfilePatch, containers?: readonly string[]): void {
    this.rules.set(owner, { patch, containers: containers ? new Set(containers) : undefined, since: this.pool.engine.now(), matches, existing: new Set(existing) });
  }

  /** Kill containers of a pod from outside (exit 137); they restart as their restart policy says. Returns the names killed. */
  killContainers(pod: PodRef, containers?: readonly string[]): string[] {
    const w = this.worker(pod);
    if (!w) return [];
    const now = this.pool.engine.now();
    const killed: string[] = [];
    for (const r of w.runs) {
      if (containers ? r.kind !== 'regular' || !containers.includes(r.name) : r.kind === 'init') continue;
      if (killRun(r, now)) killed.push(r.name);
    }
    if (killed.length) kick(w);
    return killed;
  }

  /** Undo everything `owner` did: patches (running containers change back now), rules, node holds and pressure. */
  release(owner: string): void {
    this.rules.delete(owner);
    for (const [uid, p] of [...this.patches]) {
      const kept = p.entries.filter((e) => e.owner !== owner);
      if (kept.length === p.entries.length) continue;
      if (kept.length) p.entries = kept;
      else this.patches.delete(uid);
      const w = this.worker(p.pod);
      if (w) this.refresh(w, kept);
    }
    this.machines.release(owner);
    this.pressure.release(owner);
  }

  /** Hold a node in a machine state for `owner` (off, kubelet stopped, partitioned). False when it has no kubelet. */
  holdNode(owner: string, node: string, kind: MachineHold): boolean {
    return this.machines.hold(owner, node, kind);
  }

  /** Whether the pod's named (or first) container is running on its node now. */
  containerRunning(pod: PodRef, container?: string): boolean {
    const r = this.worker(pod)?.runs.find((x) => x.kind === 'regular' && (container === undefined || x.name === container));
    return r?.isRunning ?? false;
  }

  private addEntry(pod: PodRef, entry: PatchEntry): void {
    const p = this.patches.get(pod.uid);
    if (p) p.entries.push(entry);
    else this.patches.set(pod.uid, { pod, entries: [entry] });
  }

  private refresh(w: PodWorker, entries = this.patches.get(w.uid)?.entries ?? []): void {
    const now = this.pool.engine.now();
    let due = false;
    for (const r of w.runs) due = refreshRun(r, entries, w.host, now) || due;
    if (due) kick(w);
  }

  /** A new pod worker, before it starts: its history after a crash, then the patches that apply to it. */
  private workerAdded(w: PodWorker): void {
    this.machines.workerAdded(w);
    if (w.staticComponent || (!this.rules.size && !this.patches.size)) return;
    const pod: PodRef = { namespace: w.namespace, name: w.name, uid: w.uid };
    for (const [owner, rule] of this.rules) {
      if (rule.existing.has(w.uid) || this.patches.get(w.uid)?.entries.some((e) => e.owner === owner) || !rule.matches(w.pod)) continue;
      this.addEntry(pod, { owner, patch: rule.patch, containers: rule.containers, since: rule.since });
    }
    const entries = this.patches.get(w.uid)?.entries;
    if (entries) for (const r of w.runs) refreshRun(r, entries, w.host, this.pool.engine.now());
  }
}

const hooks = new WeakMap<KubeletPool, KubeletFaults>();

/** The fault hooks of a kubelet pool (made on first use; faults share them, so their holds add up). */
export function kubeletFaults(pool: KubeletPool): KubeletFaults {
  let h = hooks.get(pool);
  if (!h) hooks.set(pool, (h = new KubeletFaults(pool)));
  return h;
}

/** Pressure resources by name (for parameter checks). */
export const PRESSURE_RESOURCES: readonly PressureResource[] = ['memory', 'disk', 'pid'];
