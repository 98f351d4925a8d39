/**
 * The scheduling queue (PriorityQueue): activeQ ordered by PrioritySort, backoffQ by backoff expiry, and the
 * unschedulable map. A pure data structure: the caller passes virtual `now` (ms) and drives the periodic flushes
 * (backoffQ every 1s, unschedulable leftovers every 30s) from its own timers.
 */
import type { Pod } from '../api/core.js';
import { KeyedHeap } from './heap.js';
import { podKey } from './types.js';

/** podInitialBackoffSeconds / podMaxBackoffSeconds / DefaultPodMaxInUnschedulablePodsDuration defaults. */
export const DEFAULT_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 10_000;
export const DEFAULT_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
/** How often the caller should run flushBackoffQCompleted / flushUnschedulablePodsLeftover. */
export const BACKOFF_FLUSH_INTERVAL_MS = 1_000;
export const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 30_000;

/** A pod waiting to be scheduled (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  pod: Pod;
  readonly key: string;
  /** Last time it was (re)queued; PrioritySort's tie-break and the base of its backoff. */
  timestamp: number;
  readonly initialAttemptTimestamp: number;
  /** Scheduling attempts so far (pop() counts them). */
  attempts: number;
  /** Plugins that rejected it last time; cluster events wake it only if they concern one of these. */
  unschedulablePlugins: ReadonlySet<string>;
  /** Held by SchedulingGates PreEnqueue (spec.schedulingGates non-empty). */
  gated: boolean;
  /** The scheduling cycle in which it was last popped. */
  cycle: number;
}

/** What a cluster event touched (the resource/action pairs of framework.ClusterEvent that matter here). */
export interface ClusterEvent {
  readonly resource: 'Node' | 'AssignedPod' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass';
  readonly action: 'Add' | 'Update' | 'Delete';
}

const NODE_PLUGINS = ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit',
  'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity'];
const VOLUME_PLUGINS = ['VolumeBinding', 'VolumeZone'];

/** Which plugins' rejections an event may resolve (an approximation of each plugin's EventsToRegister). */
const EVENT_PLUGINS: Partial<Record<ClusterEvent['resource'], Partial<Record<ClusterEvent['action'], ReadonlySet<string>>>>> = {
  Node: {
    Add: new Set(NODE_PLUGINS),
    Update: new Set(NODE_PLUGINS.filter((p) => p !== 'NodeName')),
    Delete: new Set(['PodTopologySpread']),
  },
  AssignedPod: {
    Add: new Set(['PodTopologySpread', 'InterPodAffinity']),
    Update: new Set(['PodTopologySpread', 'InterPodAffinity', 'NodeResourcesFit']),
    Delete: new Set(['NodeResourcesFit', 'NodePorts', 'PodTopologySpread', 'InterPodAffinity', 'VolumeRestrictions']),
  },
  PersistentVolume: { Add: new Set(VOLUME_PLUGINS), Update: new Set(VOLUME_PLUGINS) },
  PersistentVolumeClaim: { Add: new Set(VOLUME_PLUGINS), Update: new Set(VOLUME_PLUGINS) },
  StorageClass: { Add: new Set(VOLUME_PLUGINS), Update: new Set(VOLUME_PLUGINS) },
};

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** Queue settings. */
export interface QueueOptions {
  priorityOf: (pod: Pod) => number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxInUnschedulableMs?: number;
  /** SchedulerPopFromBackoffQ (1.33+, on by default): with activeQ empty, pop the pod whose backoff ends first. */
  popFromBackoffQ?: boolean;
}

/** Where a queued pod is. */
export type QueueName = 'active' | 'backoff' | 'unschedulable';

/** activeQ + backoffQ + unschedulablePods. */
export class SchedulingQueue {
  private readonly active: KeyedHeap<QueuedPodInfo>;
  private readonly backoff: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private schedulingCycle = 0;
  private moveRequestCycle = -1;

  constructor(private readonly options: QueueOptions) {
    this.initialBackoff = options.initialBackoffMs ?? DEFAULT_INITIAL_BACKOFF_MS;
    this.maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.maxInUnschedulable = options.maxInUnschedulableMs ?? DEFAULT_MAX_IN_UNSCHEDULABLE_MS;
    const prio = options.priorityOf;
    // PrioritySort: higher priority first, then the earlier (re)queue time.
    this.active = new KeyedHeap((i) => i.key, (a, b) => {
      const pa = prio(a.pod), pb = prio(b.pod);
      return pa > pb || (pa === pb && a.timestamp < b.timestamp);
    });
    this.backoff = new KeyedHeap((i) => i.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** 1s doubled per attempt after the first, capped at 10s; 0 before any attempt. */
  backoffDuration(attempts: number): number {
    if (attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  /** When the pod's backoff ends. */
  backoffExpiry(info: QueuedPodInfo): number {
    return info.timestamp + this.backoffDuration(info.attempts);
  }

  /** A new unscheduled pod: to activeQ, or held while it has scheduling gates. */
  add(pod: Pod, now: number): void {
    const key = podKey(pod);
    if (this.where(key)) { this.update(pod, now); return; }
    const info: QueuedPodInfo = {
      pod, key, timestamp: now, initialAttemptTimestamp: now, attempts: 0, unschedulablePlugins: new Set(),
      gated: isGated(pod), cycle: -1,
    };
    if (info.gated) this.unschedulable.set(key, info);
    else this.active.push(info);
  }

  /** The pending pod changed: keep its place, or release it when its gates are gone or its spec changed. */
  update(pod: Pod, now: number): void {
    const key = podKey(pod);
    const queued = this.active.get(key) ?? this.backoff.get(key);
    if (queued) {
      queued.pod = pod;
      (this.active.has(key) ? this.active : this.backoff).push(queued);
      return;
    }
    const info = this.unschedulable.get(key);
    if (!info) { this.add(pod, now); return; }
    const specChanged = JSON.stringify(info.pod.spec) !== JSON.stringify(pod.spec)
      || JSON.stringify(info.pod.metadata.labels) !== JSON.stringify(pod.metadata.labels);
    info.pod = pod;
    if (info.gated) {
      info.gated = isGated(pod);
      if (info.gated) return;
      this.unschedulable.delete(key);
      info.timestamp = now;
      this.active.push(info);
      return;
    }
    if (specChanged) {
      this.unschedulable.delete(key);
      this.requeue(info, now);
    }
  }

  /** The pod was deleted or bound by someone else. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
  }

  /** Next pod to schedule (counts an attempt and starts a scheduling cycle), or undefined. */
  pop(): QueuedPodInfo | undefined {
    let info = this.active.pop();
    if (!info && (this.options.popFromBackoffQ ?? true)) info = this.backoff.pop();
    if (!info) return undefined;
    info.attempts++;
    info.cycle = ++this.schedulingCycle;
    return info;
  }

  /**
   * AddUnschedulableIfNotPresent after a failed attempt. Rejected by plugins → unschedulable map, unless a cluster
   * event arrived during its cycle; an internal error (no rejecting plugins) → backoffQ.
   */
  addUnschedulable(info: QueuedPodInfo, unschedulablePlugins: Iterable<string>, now: number): void {
    if (this.where(info.key)) return;
    info.timestamp = now;
    info.unschedulablePlugins = new Set(unschedulablePlugins);
    if (this.moveRequestCycle >= info.cycle || info.unschedulablePlugins.size === 0) this.requeue(info, now);
    else this.unschedulable.set(info.key, info);
  }

  /** Move pods whose backoff has ended to activeQ (run every second). */
  flushBackoffQCompleted(now: number): void {
    for (;;) {
      const head = this.backoff.peek();
      if (!head || this.backoffExpiry(head) > now) return;
      this.backoff.pop();
      this.active.push(head);
    }
  }

  /** Pods left in the unschedulable map for more than 5 minutes go back to the queue (run every 30s). */
  flushUnschedulablePodsLeftover(now: number): void {
    for (const info of this.unschedulable.values()) {
      if (info.gated || now - info.timestamp <= this.maxInUnschedulable) continue;
      this.unschedulable.delete(info.key);
      this.requeue(info, now);
    }
  }

  /** A cluster event: wake the unschedulable pods it may help (to backoffQ if still backing off, else activeQ). */
  moveAllToActiveOrBackoff(event: ClusterEvent, now: number): void {
    // Every bind is an AssignedPod/Add event, so this runs once per scheduled pod: no copies, no string keys.
    if (this.unschedulable.size > 0) {
      const plugins = EVENT_PLUGINS[event.resource]?.[event.action];
      // Deleting the entry being visited is safe while iterating a Map, and requeue never adds to this map.
      for (const info of this.unschedulable.values()) {
        if (info.gated) continue;
        if (plugins && info.unschedulablePlugins.size > 0 && !intersects(info.unschedulablePlugins, plugins)) continue;
        this.unschedulable.delete(info.key);
        this.requeue(info, now);
      }
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** The earliest backoff expiry (for the caller's timer), or undefined. */
  nextBackoffExpiry(): number | undefined {
    const head = this.backoff.peek();
    return head ? this.backoffExpiry(head) : undefined;
  }

  /** Which structure holds the pod, if any. */
  where(key: string): QueueName | undefined {
    if (this.active.has(key)) return 'active';
    if (this.backoff.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    return undefined;
  }

  /** Sizes, for metrics and the UI. */
  counts(): Record<QueueName, number> {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Every queued pod with where it waits (PendingPods). */
  pendingPods(): { info: QueuedPodInfo; queue: QueueName }[] {
    return [
      ...this.active.values().map((info) => ({ info, queue: 'active' as const })),
      ...this.backoff.values().map((info) => ({ info, queue: 'backoff' as const })),
      ...[...this.unschedulable.values()].map((info) => ({ info, queue: 'unschedulable' as const })),
    ];
  }

  private requeue(info: QueuedPodInfo, now: number): void {
    if (this.backoffExpiry(info) > now) this.backoff.push(info);
    else this.active.push(info);
  }
}

function isGated(pod: Pod): boolean {
  return (pod.spec?.schedulingGates?.length ?? 0) > 0;
}
