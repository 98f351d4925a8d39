/** describe for the apps/v1 workloads and ReplicationController (describe.go describeDeployment and friends). */
import type { Event } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { NONE, formatLabelSelector, formatLabels, int, intOrString, list, present, record, selectorString, str } from '../../api/print/format.js';
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, records, rfc1123z } from './common.js';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './layout.js';
import { describePodTemplate } from './pod-template.js';
import { describeVolumeClaimTemplates } from './volumes.js';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

/** getPodStatusForController: `3 Running / 0 Waiting / 0 Succeeded / 0 Failed`. */
export function podsStatus(pods: readonly KubeObject[] | undefined): string {
  let running = 0, waiting = 0, succeeded = 0, failed = 0;
  for (const p of pods ?? []) {
    switch (record(record(p).status).phase) {
      case 'Running': running++; break;
      case 'Pending': waiting++; break;
      case 'Succeeded': succeeded++; break;
      case 'Failed': failed++; break;
    }
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

/** labels.Selector String() of a LabelSelector; describe prints the parse error text for an invalid one. */
function selector(sel: unknown): string {
  return selectorString(sel) ?? '<error>';
}

/** `*int32` replicas, defaulting to 1 as the API server does. */
const replicasOf = (spec: Record<string, unknown>) => (typeof spec.replicas === 'number' ? int(spec.replicas) : 1);

function header(w: PrefixWriter, obj: KubeObject): Record<string, unknown> {
  const meta = record(obj?.metadata);
  w.write(LEVEL_0, `Name:\t${str(meta.name)}\n`);
  w.write(LEVEL_0, `Namespace:\t${str(meta.namespace)}\n`);
  return meta;
}

/** Key-order-insensitive deep equality, for comparing pod templates. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (t: unknown) => {
    const tt = record(t);
    const meta = record(tt.metadata);
    const labels = { ...record(meta.labels) };
    delete labels[HASH_LABEL];
    return { ...tt, metadata: { ...meta, labels } };
  };
  return deepEqual(strip(a), strip(b));
}

/** FindNewReplicaSet (oldest first with the deployment's template), falling back to the matching revision annotation. */
function splitReplicaSets(d: KubeObject, rss: readonly KubeObject[]): { newRS?: KubeObject; oldRSs: KubeObject[] } {
  const byAge = [...rss].sort((a, b) => {
    const ta = str(record(a?.metadata).creationTimestamp);
    const tb = str(record(b?.metadata).creationTimestamp);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
  const template = record(d.spec).template;
  let newRS = byAge.find((rs) => equalIgnoreHash(record(rs?.spec).template, template));
  const revision = str(record(record(d.metadata).annotations)[REVISION]);
  if (!newRS && revision) newRS = byAge.find((rs) => str(record(record(rs?.metadata).annotations)[REVISION]) === revision);
  return { newRS, oldRSs: rss.filter((rs) => rs !== newRS) };
}

/** printReplicaSetsByLabels: `web-7d9c5b6f4 (3/3 replicas created)`, comma-joined, `<none>` when empty. */
function replicaSetList(rss: readonly KubeObject[]): string {
  const items = rss.map((rs) => `${str(record(rs?.metadata).name)} (${int(record(rs?.status).replicas)}/${replicasOf(record(rs?.spec))} replicas created)`);
  return items.length > 0 ? items.join(', ') : NONE;
}

/** `kubectl describe deployment`. */
export function describeDeployment(d: KubeObject, replicaSets: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = header(w, d);
  const spec = record(d?.spec);
  const status = record(d?.status);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Selector:\t${selector(spec.selector)}\n`);
  w.write(LEVEL_0, `Replicas:\t${replicasOf(spec)} desired | ${int(status.updatedReplicas)} updated | ${int(status.replicas)} total | `
    + `${int(status.availableReplicas)} available | ${int(status.unavailableReplicas)} unavailable\n`);
  const strategy = record(spec.strategy);
  w.write(LEVEL_0, `StrategyType:\t${str(strategy.type)}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${int(spec.minReadySeconds)}\n`);
  const ru = present(strategy.rollingUpdate);
  if (ru) {
    const s = (v: unknown) => (v === undefined || v === null ? '<nil>' : intOrString(v));
    w.write(LEVEL_0, `RollingUpdateStrategy:\t${s(ru.maxUnavailable)} max unavailable, ${s(ru.maxSurge)} max surge\n`);
  }
  describePodTemplate(w, spec.template);
  describeConditions(w, status.conditions);
  const rss = list<KubeObject>(replicaSets);
  if (rss.length > 0) {
    const { newRS, oldRSs } = splitReplicaSets(d, rss);
    w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetList(oldRSs)}\n`);
    w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
  }
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** The `Type Status Reason` conditions table of Deployment, ReplicaSet and ReplicationController. */
function describeConditions(w: PrefixWriter, conditions: unknown): void {
  const cs = records(conditions);
  if (cs.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of cs) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
}

/** `kubectl describe replicaset` (and replicationcontroller, whose selector is a plain map). */
export function describeReplicaSet(rs: KubeObject, pods: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = header(w, rs);
  const spec = record(rs?.spec);
  const status = record(rs?.status);
  const isRC = rs?.kind === 'ReplicationController';
  w.write(LEVEL_0, `Selector:\t${isRC ? formatLabels(spec.selector) : formatLabelSelector(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  const controlledBy = controllerOf(rs);
  if (!isRC && controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  w.write(LEVEL_0, `Replicas:\t${int(status.replicas)} current / ${replicasOf(spec)} desired\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(w, spec.template);
  describeConditions(w, status.conditions);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe statefulset`. */
export function describeStatefulSet(sts: KubeObject, pods: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = header(w, sts);
  const spec = record(sts?.spec);
  const status = record(sts?.status);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(meta.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selector(spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Replicas:\t${replicasOf(spec)} desired | ${int(status.replicas)} total\n`);
  const strategy = record(spec.updateStrategy);
  w.write(LEVEL_0, `Update Strategy:\t${str(strategy.type)}\n`);
  const ru = present(strategy.rollingUpdate);
  if (ru && typeof ru.partition === 'number') {
    w.write(LEVEL_1, `Partition:\t${int(ru.partition)}\n`);
    if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
  }
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(w, spec.template);
  describeVolumeClaimTemplates(w, spec.volumeClaimTemplates);
  describeEvents(w, events, nowMs);
  return w.toString();
}

/** `kubectl describe daemonset`. */
export function describeDaemonSet(ds: KubeObject, pods: readonly KubeObject[] | undefined, events: readonly Event[], nowMs: number): string {
  const w = new PrefixWriter();
  const meta = header(w, ds);
  const spec = record(ds?.spec);
  const status = record(ds?.status);
  w.write(LEVEL_0, `Selector:\t${selector(spec.selector)}\n`);
  w.write(LEVEL_0, `Node-Selector:\t${formatLabels(record(record(spec.template).spec).nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', meta.labels);
  printAnnotationsMultiline(w, 'Annotations', meta.annotations);
  w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${int(status.desiredNumberScheduled)}\n`);
  w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${int(status.currentNumberScheduled)}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${int(status.updatedNumberScheduled)}\n`);
  w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${int(status.numberAvailable)}\n`);
  w.write(LEVEL_0, `Number of Nodes Misscheduled: ${int(status.numberMisscheduled)}\n`);
  w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
  describePodTemplate(w, spec.template);
  describeEvents(w, events, nowMs);
  return w.toString();
}
