/**
 * The Cluster Autoscaler (StaticAutoscaler.RunOnce) as a component: every scan interval it updates the cluster
 * state (scale-up timeouts, long-unregistered instances, backoff), scales up for unschedulable pods, and — only
 * when it did not scale up — plans and starts scale-down, then writes the status ConfigMap. Pending pods come
 * from a watch-fed index; node pods and scheduling checks from the scheduler's snapshot (read-only). New
 * instances are requested from the simulated cloud (billing starts there) and their kubelet registers the Node
 * after the pool's provisioning delay.
 */
import type { ConfigMap, Node, Pod, PersistentVolume, PersistentVolumeClaim } from '../../api/core.js';
import type { StorageClass } from '../../api/cluster-kinds.js';
import type { Cluster } from '../../api/kubedrill-kinds.js';
import { parseTimestamp } from '../../engine/clock.js';
import type { Component, Engine } from '../../engine/engine.js';
import type { KubeletPool } from '../../kubelet/kubelet-pool.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { ScheduleOptions, VolumeLister } from '../../scheduler/types.js';
import type { WatchEvent } from '../../store/watch.js';
import { ActivityLog, type ActivityEntry } from './activity.js';
import { cloudOf } from './cloud-provider.js';
import { type Readiness, clusterHealthy, expireScaleUps, groupHealthy, groupReadiness, groupStatus, totalReadiness } from './cluster-state.js';
import { parseExpanders } from './expanders.js';
import { type NodeGroup, NodeGroupSet } from './node-groups.js';
import { CA_SOURCE, type ClusterAutoscalerOptions, PRIORITY_CONFIGMAP, PRIORITY_KEY, STATUS_CONFIGMAP, TO_BE_DELETED_TAINT, resolveOptions } from './options.js';
import { ScaleDownActuator } from './scale-down-actuator.js';
import { ScaleDownPlanner, type UnremovableNode } from './scale-down-planner.js';
import { filterOutSchedulable, formatScaleUpInfos, scaleUp } from './scale-up.js';
import { SchedulingSimulation } from './simulator.js';
import { StatusBuilder, initializingStatus, writeStatusConfigMap } from './status.js';
import { type NodeGroupView, nodeGroupView } from './views.js';
import { type NodeTemplate, buildTemplate, templateNodeInfo } from './template.js';

export type { NodeGroupView } from './views.js';

/** What the autoscaler is built from; every other field is a CA flag (see options.ts) with upstream's default. */
export interface ClusterAutoscalerConfig extends Partial<ClusterAutoscalerOptions> {
  cluster: Cluster;
  kubelets: KubeletPool;
  scheduler: Scheduler;
}

const priorityOf = (p: Pod) => p.spec?.priority ?? 0;

function isUnschedulable(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp || pod.spec.nodeName) return false;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  return !!pod.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
}

/** The cluster-autoscaler component; register it with `engine.register(ca)`. */
export class ClusterAutoscaler implements Component {
  readonly name = 'cluster-autoscaler';
  readonly options: ClusterAutoscalerOptions;
  readonly groups: NodeGroupSet;
  private readonly kubelets: KubeletPool;
  private readonly scheduler: Scheduler;
  private readonly expanders;
  private readonly cloud;
  private readonly pending = new Map<string, Pod>();
  private readonly planner: ScaleDownPlanner;
  private readonly actuator: ScaleDownActuator;
  private readonly statusBuilder = new StatusBuilder();
  private readonly log: ActivityLog;
  private readonly failing = new Set<string>();
  private readonly volumes: VolumeLister;
  private initialized = false;
  lastScaleUpTime: number;
  lastScaleDownDeleteTime: number;
  lastScaleDownFailTime: number;
  /** Scans run (tests and benchmarks). */
  scans = 0;

  constructor(private readonly engine: Engine, config: ClusterAutoscalerConfig) {
    const { cluster, kubelets, scheduler, ...flags } = config;
    this.options = resolveOptions(flags);
    this.expanders = parseExpanders(this.options.expander);
    this.kubelets = kubelets;
    this.scheduler = scheduler;
    this.cloud = cloudOf(engine);
    this.groups = new NodeGroupSet(cluster, this.options);
    this.log = new ActivityLog(this.options.activityHistory);
    const store = engine.store;
    this.volumes = {
      getPVC: (ns, name) => store.tryGet<PersistentVolumeClaim>('PersistentVolumeClaim', ns, name),
      getPV: (name) => store.tryGet<PersistentVolume>('PersistentVolume', undefined, name),
      getStorageClass: (name) => store.tryGet<StorageClass>('StorageClass', undefined, name),
      listPersistentVolumes: () => store.select<PersistentVolume>('PersistentVolume'),
    } as VolumeLister;
    this.planner = new ScaleDownPlanner(store, this.groups, this.options);
    this.actuator = new ScaleDownActuator(engine, kubelets, this.cloud, this.groups, this.options, {
      statusEvent: (type, reason, message) => this.statusEvent(type, reason, message),
      podsOn: (node) => this.scheduler.snapshot.get(node)?.pods ?? [],
      deleted: (node, group, drained, now) => {
        this.lastScaleDownDeleteTime = now;
        this.planner.unneeded.delete(node);
        this.log.add(now, group.id, drained ? 'ScaleDown' : 'ScaleDownEmpty', `node ${node} removed${drained ? ' with drain' : ''}`);
      },
      failed: (_node, now) => { this.lastScaleDownFailTime = now; },
    });
    // StaticAutoscaler starts with every "last" time set to its start: no scale-down in the first delay-after-add.
    const now = engine.now();
    this.lastScaleUpTime = this.lastScaleDownDeleteTime = this.lastScaleDownFailTime = now;
    store.watch({ kind: 'Node' }, (e) => this.onNode(e));
    store.watch({ kind: 'Pod', matches: (o) => !(o as Pod).spec?.nodeName }, (e) => this.onPendingPod(e as WatchEvent<Pod>));
    engine.every(this.options.scanIntervalMs, () => this.scan(), 'cluster-autoscaler:scan');
  }

  // ---- read API (UI, drills) ----

  /** Node groups with their sizes, price, health and unneeded nodes. */
  nodeGroups(): NodeGroupView[] {
    const now = this.engine.now();
    const unneeded = [...this.planner.unneeded.values()];
    return this.groups.list.map((g) => nodeGroupView(g, now, this.options, unneeded));
  }

  /** Recent scale-ups, scale-downs and failures, oldest first (bounded). */
  activity(): readonly ActivityEntry[] {
    return this.log.entries();
  }

  /** Nodes scale-down cannot remove right now, with the reason (last scan). */
  unremovableNodes(): UnremovableNode[] {
    return [...this.planner.unremovable.values()];
  }

  /** Fault: instances of `group` never register (a cloud stockout or a broken boot image) until switched back. */
  setProvisioningFailure(group: string, failing: boolean): void {
    if (!this.groups.get(group)) throw new Error(`no autoscaled node group "${group}"; known: ${this.groups.list.map((g) => g.id).join(', ') || 'none'}`);
    if (failing) this.failing.add(group);
    else this.failing.delete(group);
  }

  // ---- component ----

  runOnce(): boolean {
    if (this.initialized || !this.options.writeStatusConfigMap) return false;
    this.initialized = true;
    writeStatusConfigMap(this.engine.store, this.options.namespace, initializingStatus(this.engine.now()), this.engine.now());
    return true;
  }

  private onNode(e: WatchEvent): void {
    const node = e.object as Node;
    if (e.type === 'DELETED') this.groups.removeNode(node);
    else this.groups.upsertNode(node);
  }

  private onPendingPod(e: WatchEvent<Pod>): void {
    const pod = e.object;
    const uid = pod.metadata.uid!;
    if (e.type !== 'DELETED' && isUnschedulable(pod)) this.pending.set(uid, pod);
    else this.pending.delete(uid);
  }

  // ---- the scan ----

  /** One RunOnce; exposed so tests can force a scan between timer ticks. */
  scan(): void {
    if (!this.engine.isRunning(this.name)) return;
    this.scans++;
    const now = this.engine.now();
    const o = this.options;
    expireScaleUps(this.groups, now, o, this.cloud, (type, reason, message) => this.statusEvent(type, reason, message));
    const readiness = new Map<NodeGroup, Readiness>(this.groups.list.map((g) => [g, groupReadiness(g, now, o)]));
    // Upstream stops here while too many nodes are unready ("Cluster is not ready for autoscaling").
    const healthy = clusterHealthy(totalReadiness(this.groups, now, o), o);
    if (healthy) this.autoscale(now, readiness);
    this.writeStatus(now, healthy);
  }

  private autoscale(now: number, readiness: Map<NodeGroup, Readiness>): void {
    const o = this.options;
    const sim = this.simulation();
    const templates = new Map<NodeGroup, NodeTemplate>();
    const templateOf = (g: NodeGroup) => {
      let t = templates.get(g);
      if (!t) templates.set(g, (t = buildTemplate(g, this.groups, this.engine.store, (n) => this.scheduler.snapshot.get(n)?.pods ?? [])));
      return t;
    };
    // Upcoming nodes (not yet registered, or registered but not started) count as template copies.
    for (const g of this.groups.list) {
      const r = readiness.get(g)!;
      const upcoming = g.provisioning.size + r.notStartedNames.length;
      for (const n of r.notStartedNames) sim.exclude(n);
      for (let k = 0; k < upcoming; k++) sim.addNode(templateNodeInfo(templateOf(g), `upcoming-${k}`));
    }
    const candidates: Pod[] = [];
    for (const pod of this.pending.values()) {
      if (priorityOf(pod) < o.expendablePodsPriorityCutoff) continue;
      if (o.newPodScaleUpDelayMs > 0 && parseTimestamp(pod.metadata.creationTimestamp) + o.newPodScaleUpDelayMs > now) continue;
      candidates.push(pod);
    }
    const unschedulable = filterOutSchedulable(candidates, sim);
    let upcomingTotal = 0;
    for (const g of this.groups.list) upcomingTotal += g.provisioning.size;
    const status = scaleUp(unschedulable, {
      now, options: o, groups: this.groups, sim, clusterSize: this.groups.totalNodes() + upcomingTotal,
      templateOf, healthy: (g) => groupHealthy(g, readiness.get(g)!, o), expanders: this.expanders,
      expanderContext: {
        random: () => this.engine.random.next(),
        priorities: () => this.engine.store.tryGet<ConfigMap>('ConfigMap', o.namespace, PRIORITY_CONFIGMAP)?.data?.[PRIORITY_KEY],
        warn: (reason, message) => this.statusEvent('Warning', reason, message),
      },
      increaseSize: (g, delta) => this.increaseSize(g, delta, now),
      statusEvent: (type, reason, message) => this.statusEvent(type, reason, message),
    });
    const events = this.engine.events;
    if (status.result === 'Successful') {
      const text = `pod triggered scale-up: ${formatScaleUpInfos(status.infos)}`;
      for (const pod of status.triggered) events.record(pod, 'Normal', 'TriggeredScaleUp', text, CA_SOURCE);
      this.lastScaleUpTime = now;
      for (const i of status.infos) this.log.add(now, i.group, 'ScaleUp', `${i.currentSize} -> ${i.newSize} (max: ${i.maxSize}) for ${status.triggered.length} pod(s)`);
      return;
    }
    if (status.result !== 'Error' && this.groups.list.length) {
      for (const { pod, message } of status.remaining) events.record(pod, 'Normal', 'NotTriggerScaleUp', message, CA_SOURCE);
    }
    if (!o.scaleDownEnabled) return;
    this.planner.update(sim, now);
    const cooldown = this.lastScaleUpTime + o.scaleDownDelayAfterAddMs > now
      || this.lastScaleDownFailTime + o.scaleDownDelayAfterFailureMs > now
      || this.lastScaleDownDeleteTime + o.scaleDownDelayAfterDeleteMs > now;
    if (cooldown) return;
    const { empty, drain } = this.planner.nodesToDelete(now, this.actuator.counts());
    const started = this.actuator.start(empty, drain);
    if (started === 0) this.actuator.updateSoftTaints(new Set(this.planner.unneeded.keys()), now);
  }

  /** The scan's snapshot: the scheduler's, minus nodes on their way out. */
  private simulation(): SchedulingSimulation {
    // Filters never draw random numbers; a constant keeps the engine's sequence untouched by CA's simulations.
    const options: ScheduleOptions = { rand: () => 0, nextStartNodeIndex: 0, volumes: this.volumes, priorityOf, pdbs: [] };
    const sim = new SchedulingSimulation(this.scheduler.snapshot, options);
    for (const g of this.groups.list) {
      for (const name of g.deleting) sim.exclude(name);
      for (const node of g.nodes.values()) if (node.spec?.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) sim.exclude(node.metadata.name!);
    }
    return sim;
  }

  /** IncreaseSize: request instances from the cloud; each registers after the group's provisioning delay. */
  private increaseSize(g: NodeGroup, delta: number, now: number): void {
    if (delta <= 0) throw new Error(`size increase must be positive, got ${delta}`);
    if (g.targetSize() + delta > g.maxSize) throw new Error(`size increase too large - desired:${g.targetSize() + delta} max:${g.maxSize}`);
    for (let i = 0; i < delta; i++) {
      const inst = this.groups.newInstance(g, now);
      if (!inst) throw new Error('the cluster pod CIDR has no room for another node');
      this.cloud.create({ name: inst.name, group: g.id, requestedAt: now });
      g.provisioning.set(inst.name, inst);
      this.engine.after(g.provisioningDelayMs, () => {
        // Gone: timed out and deleted, or a failure fault keeps it from ever registering.
        if (g.provisioning.get(inst.name) !== inst || this.failing.has(g.id)) return;
        this.kubelets.addNode(inst.node);
      }, 'cluster-autoscaler:provision');
    }
    const req = g.scaleUpRequest;
    const expectedAddTime = now + this.options.maxNodeProvisionTimeMs;
    g.scaleUpRequest = req ? { increase: req.increase + delta, at: now, expectedAddTime } : { increase: delta, at: now, expectedAddTime };
  }

  private statusEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.log.add(this.engine.now(), undefined, reason, message);
    if (!this.options.writeStatusConfigMap) return;
    const ref = { kind: 'ConfigMap', apiVersion: 'v1', namespace: this.options.namespace, name: STATUS_CONFIGMAP,
      uid: this.engine.store.tryGet('ConfigMap', this.options.namespace, STATUS_CONFIGMAP)?.metadata.uid };
    this.engine.events.record(ref, type, reason, message, CA_SOURCE);
  }

  /** GetStatus + WriteStatusConfigMap at the end of the scan (readiness re-read: the scan may have added instances). */
  private writeStatus(now: number, healthy: boolean): void {
    if (!this.options.writeStatusConfigMap) return;
    this.initialized = true;
    const perGroup = new Map<NodeGroup, number>();
    for (const u of this.planner.unneeded.values()) perGroup.set(u.group, (perGroup.get(u.group) ?? 0) + 1);
    const groups = this.groups.list.map((g) => {
      const r = groupReadiness(g, now, this.options);
      return groupStatus(g, r, groupHealthy(g, r, this.options), now, perGroup.get(g) ?? 0);
    });
    const text = this.statusBuilder.build({ now, counts: totalReadiness(this.groups, now, this.options), healthy, groups, scaleDownProbe: this.planner.lastUpdate });
    writeStatusConfigMap(this.engine.store, this.options.namespace, text, now);
  }
}
