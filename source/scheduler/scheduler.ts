/**
 * kube-scheduler as a component: keeps its snapshot and queue current from watches, runs scheduling cycles,
 * binds through the store, records Scheduled / FailedScheduling / Preempted events and the PodScheduled
 * condition, and keeps each pending pod's last diagnosis for the UI's "why Pending".
 */
import type { PersistentVolume, PersistentVolumeClaim, Pod } from '../api/core.js';
import type { PodDisruptionBudget, StorageClass } from '../api/cluster-kinds.js';
import { isApiError } from '../api/errors.js';
import type { Component, Engine } from '../engine/engine.js';
import type { WatchEvent } from '../store/watch.js';
import type { Diagnosis } from './diagnosis.js';
import { preemptedMessage, scheduledMessage } from './message.js';
import { BACKOFF_FLUSH_INTERVAL_MS, type ClusterEvent, SchedulingQueue, UNSCHEDULABLE_FLUSH_INTERVAL_MS } from './queue.js';
import { type ScheduleResult, schedulePod } from './schedule-pod.js';
import type { ScoreTable } from './framework.js';
import { Snapshot } from './snapshot.js';
import { unschedulablePlugins } from './diagnosis.js';
import type { PdbInfo, ScheduleOptions, ScoringStrategy, VolumeLister } from './types.js';

export const SCHEDULER_NAME = 'default-scheduler';
const SOURCE = { component: SCHEDULER_NAME };

/** What the UI reads about a pod's last scheduling attempt. */
export interface SchedulingRecord {
  at: number;
  result: 'scheduled' | 'unschedulable' | 'error';
  node?: string;
  message?: string;
  diagnosis: Diagnosis;
  scores?: ScoreTable;
}

export interface SchedulerOptions {
  scoringStrategy?: ScoringStrategy;
  percentageOfNodesToScore?: number;
  /** Pods scheduled per runOnce, so a burst of pods doesn't starve other components at one instant. */
  batchSize?: number;
  /** How many scheduled pods keep their "why this node" record (pending pods always keep theirs). */
  scheduledRecords?: number;
}

const priorityOf = (pod: Pod) => pod.spec?.priority ?? 0;
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class Scheduler implements Component {
  readonly name = 'scheduler';
  readonly snapshot = new Snapshot();
  readonly queue = new SchedulingQueue({ priorityOf });
  private nextStartNodeIndex = 0;
  private readonly records = new Map<string, SchedulingRecord>();
  private readonly scheduledOrder: string[] = [];
  private readonly volumes: VolumeLister;
  /** Scheduling cycles run (benchmarks and complexity checks count them). */
  cycles = 0;

  constructor(private readonly engine: Engine, private readonly options: SchedulerOptions = {}) {
    const store = engine.store;
    this.volumes = {
      getPVC: (ns, name) => store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name),
      getPV: (name) => store.tryGet<PersistentVolume>('PersistentVolume', undefined, name),
      getStorageClass: (name) => store.tryGet<StorageClass>('StorageClass', undefined, name),
      // WaitForFirstConsumer claims that only pre-created (local) volumes can satisfy need the candidates.
      listPersistentVolumes: () => store.select<PersistentVolume>('PersistentVolume'),
    } as VolumeLister;
    store.watch({ kind: 'Node' }, (e) => this.onNode(e));
    store.watch({ kind: 'Pod' }, (e) => this.onPod(e as WatchEvent<Pod>));
    for (const kind of ['PersistentVolume', 'PersistentVolumeClaim', 'StorageClass'] as const) {
      store.watch({ kind }, (e) => this.move({ resource: kind, action: e.type === 'ADDED' ? 'Add' : 'Update' }), { sendInitialEvents: false });
    }
    engine.every(BACKOFF_FLUSH_INTERVAL_MS, () => this.queue.flushBackoffQCompleted(engine.now()), 'scheduler:flush-backoff');
    engine.every(UNSCHEDULABLE_FLUSH_INTERVAL_MS, () => this.queue.flushUnschedulablePodsLeftover(engine.now()), 'scheduler:flush-unschedulable');
  }

  /** The last scheduling attempt for a pod (by uid): filter verdicts per node and plugin, scores. */
  record(uid: string): SchedulingRecord | undefined {
    return this.records.get(uid);
  }

  private move(event: ClusterEvent): void {
    this.queue.moveAllToActiveOrBackoff(event, this.engine.now());
  }

  private onNode(e: WatchEvent): void {
    const node = e.object as import('../api/core.js').Node;
    if (e.type === 'DELETED') {
      this.snapshot.removeNode(node.metadata.name!);
      this.move({ resource: 'Node', action: 'Delete' });
      return;
    }
    this.snapshot.upsertNode(node);
    this.move({ resource: 'Node', action: e.type === 'ADDED' ? 'Add' : 'Update' });
  }

  private onPod(e: WatchEvent<Pod>): void {
    const pod = e.object, old = e.oldObject;
    const now = this.engine.now();
    const mine = (pod.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
    if (e.type === 'DELETED') {
      if (old?.spec.nodeName || pod.spec.nodeName) {
        this.snapshot.removePod(old ?? pod);
        this.move({ resource: 'AssignedPod', action: 'Delete' });
      } else if (mine) this.queue.delete(pod);
      this.snapshot.nominate(pod, undefined);
      this.records.delete(pod.metadata.uid!);
      return;
    }
    if (pod.spec.nodeName) {
      if (old && !old.spec.nodeName) {
        this.queue.delete(old);
        this.snapshot.nominate(old, undefined);
      }
      if (!old || !old.spec.nodeName) {
        this.snapshot.addPod(pod);
        this.move({ resource: 'AssignedPod', action: 'Add' });
      } else {
        // Status-only writes share spec and labels with the old version (the store's structural sharing): nothing to re-place.
        if (old.spec === pod.spec && old.metadata.labels === pod.metadata.labels && isTerminal(old) === isTerminal(pod)) return;
        this.snapshot.updatePod(old, pod);
        // A pod finishing frees its resources like a deletion does.
        if (isTerminal(pod) && !isTerminal(old)) this.move({ resource: 'AssignedPod', action: 'Delete' });
      }
      return;
    }
    if (!mine || pod.metadata.deletionTimestamp) return;
    if (e.type === 'ADDED') this.queue.add(pod, now);
    else this.queue.update(pod, now);
  }

  runOnce(): boolean {
    const batch = this.options.batchSize ?? 1_000;
    let n = 0;
    for (; n < batch; n++) {
      const info = this.queue.pop();
      if (!info) break;
      this.cycles++;
      const live = this.engine.store.tryGet<Pod>('Pod', info.pod.metadata.namespace, info.pod.metadata.name!);
      if (!live || live.metadata.uid !== info.pod.metadata.uid || live.spec.nodeName || live.metadata.deletionTimestamp) continue;
      info.pod = live;
      const result = schedulePod(live, this.snapshot, this.scheduleOptions());
      this.nextStartNodeIndex = result.nextStartNodeIndex;
      this.apply(live, result, info);
    }
    return n > 0;
  }

  private scheduleOptions(): ScheduleOptions {
    return {
      rand: () => this.engine.random.next(),
      nextStartNodeIndex: this.nextStartNodeIndex,
      percentageOfNodesToScore: this.options.percentageOfNodesToScore,
      scoringStrategy: this.options.scoringStrategy,
      volumes: this.volumes,
      priorityOf,
      pdbs: this.pdbs(),
    };
  }

  private pdbs(): PdbInfo[] {
    return this.engine.store.select<PodDisruptionBudget>('PodDisruptionBudget').map((p) => ({
      namespace: p.metadata.namespace!, selector: p.spec.selector,
      disruptionsAllowed: p.status?.disruptionsAllowed ?? 0, disruptedPods: p.status?.disruptedPods,
    }));
  }

  private apply(pod: Pod, result: ScheduleResult, info: Parameters<SchedulingQueue['addUnschedulable']>[0]): void {
    const { store, events } = this.engine;
    const now = this.engine.now();
    const uid = pod.metadata.uid!;
    const ns = pod.metadata.namespace!, name = pod.metadata.name!;
    if (result.kind === 'scheduled') {
      this.remember(uid, { at: now, result: 'scheduled', node: result.node, diagnosis: result.diagnosis, scores: result.scores }, true);
      try {
        const bound = store.bind(ns, name, result.node, uid);
        // Assume the pod on its node now, so the next cycle in this batch sees the resources taken.
        this.snapshot.addPod(bound);
        events.record(bound, 'Normal', 'Scheduled', scheduledMessage(ns, name, result.node), SOURCE);
      } catch (err) {
        if (!isApiError(err)) throw err;
        this.queue.addUnschedulable(info, [], now);
      }
      return;
    }
    this.remember(uid, { at: now, result: result.kind, message: result.message, diagnosis: result.diagnosis }, false);
    events.record(pod, 'Warning', 'FailedScheduling', result.message, SOURCE);
    if (result.kind === 'unschedulable' && result.preemption) this.preempt(pod, result.preemption);
    const nominated = result.kind === 'unschedulable' ? (result.preemption?.nominatedNode ?? result.nominatedNodeName) : undefined;
    this.setUnschedulableStatus(pod, result.kind === 'error' ? 'SchedulerError' : 'Unschedulable', result.message, nominated);
    this.queue.addUnschedulable(info, result.kind === 'unschedulable' ? unschedulablePlugins(result.diagnosis) : [], now);
  }

  private preempt(pod: Pod, p: NonNullable<Extract<ScheduleResult, { kind: 'unschedulable' }>['preemption']>): void {
    const { store, events } = this.engine;
    const ts = this.engine.clock.timestamp();
    for (const victim of p.victims) {
      try {
        const conditions = (victim.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
        conditions.push({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler',
          message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod`, lastProbeTime: null, lastTransitionTime: ts });
        const marked = store.updateStatus<Pod>({ ...victim, metadata: { ...victim.metadata, resourceVersion: undefined }, status: { ...victim.status, conditions } });
        events.record(marked, 'Normal', 'Preempted', preemptedMessage(pod.metadata.uid!, p.nominatedNode), SOURCE);
        store.delete('Pod', victim.metadata.namespace, victim.metadata.name!, { preconditions: { uid: victim.metadata.uid } });
      } catch (err) {
        if (!isApiError(err)) throw err;
      }
    }
    for (const other of p.lowerPriorityNominatedPods) this.setNominated(other, '');
    this.snapshot.nominate(pod, p.nominatedNode);
  }

  private setNominated(pod: Pod, node: string): void {
    const live = this.engine.store.tryGet<Pod>('Pod', pod.metadata.namespace, pod.metadata.name!);
    if (!live || (live.status?.nominatedNodeName ?? '') === node) return;
    const status = { ...live.status };
    if (node) status.nominatedNodeName = node;
    else delete status.nominatedNodeName;
    this.engine.store.updateStatus<Pod>({ ...live, status });
    this.snapshot.nominate(live, node || undefined);
  }

  /** PodScheduled=False with the FailedScheduling message; a no-op write when nothing changed keeps watchers quiet. */
  private setUnschedulableStatus(pod: Pod, reason: string, message: string, nominated: string | undefined): void {
    const live = this.engine.store.tryGet<Pod>('Pod', pod.metadata.namespace, pod.metadata.name!);
    if (!live) return;
    const prev = live.status?.conditions?.find((c) => c.type === 'PodScheduled');
    const sameCondition = prev && prev.status === 'False' && prev.reason === reason && prev.message === message;
    const conditions = (live.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push(sameCondition ? prev : { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime: this.engine.clock.timestamp() });
    const status = { phase: 'Pending' as const, ...live.status, conditions };
    if (nominated !== undefined) {
      if (nominated) status.nominatedNodeName = nominated;
      else delete status.nominatedNodeName;
    }
    try {
      this.engine.store.updateStatus<Pod>({ ...live, status });
    } catch (err) {
      if (!isApiError(err)) throw err;
    }
  }

  private remember(uid: string, rec: SchedulingRecord, scheduled: boolean): void {
    this.records.set(uid, rec);
    if (!scheduled) return;
    this.scheduledOrder.push(uid);
    const limit = this.options.scheduledRecords ?? 1_000;
    while (this.scheduledOrder.length > limit) {
      const old = this.scheduledOrder.shift()!;
      if (this.records.get(old)?.result === 'scheduled') this.records.delete(old);
    }
  }
}
