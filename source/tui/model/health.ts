/** Row health: what colour a row gets (k9s: error, pending, completed, terminating; everything else normal). */
import type { Event, Node, Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { type PodSummary, podSummary } from '../../api/print/index.js';

export type Health = 'ok' | 'pending' | 'error' | 'completed' | 'terminating';

/** STATUS texts of a pod that mean it is failing (kubectl's reasons). */
const POD_ERRORS = new Set([
  'CrashLoopBackOff', 'Error', 'ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'OOMKilled', 'Failed', 'Evicted',
  'Unknown', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'ContainerStatusUnknown',
  'NodeLost', 'UnexpectedAdmissionError', 'OutOfcpu', 'OutOfmemory', 'OutOfpods', 'NodeAffinity', 'Shutdown',
  'StartError', 'DeadlineExceeded', 'BackoffLimitExceeded',
]);

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** What the UI reads off a pod, computed once per pod version (objects are immutable: a change is a new object). */
export interface PodInfo {
  summary: PodSummary;
  health: Health;
}

// 150,000 pods are summarised at start-up and then once per change, never per frame, sort or filter.
const podInfos = new WeakMap<Pod, PodInfo>();

/** READY / STATUS / RESTARTS and the health of a pod version (cached). */
export function podInfo(pod: Pod): PodInfo {
  let info = podInfos.get(pod);
  if (!info) {
    const summary = podSummary(pod);
    info = { summary, health: healthOf(pod, summary) };
    podInfos.set(pod, info);
  }
  return info;
}

/** A pod's health from its STATUS and READY cells. */
export function podHealth(pod: Pod): Health {
  return podInfo(pod).health;
}

function healthOf(pod: Pod, s: PodSummary): Health {
  if (s.reason === 'Terminating' || pod.metadata.deletionTimestamp) return 'terminating';
  if (s.reason === 'Completed' || s.reason === 'Succeeded') return 'completed';
  if (POD_ERRORS.has(s.reason) || s.reason.startsWith('Init:Error') || s.reason.startsWith('Init:CrashLoop')
    || s.reason.startsWith('Signal:') || s.reason.startsWith('ExitCode:')) return 'error';
  if (s.reason !== 'Running' || s.ready < s.total) return 'pending';
  return 'ok';
}

function nodeHealth(node: Node): Health {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status !== 'True') return 'error';
  if (node.spec?.unschedulable) return 'pending';
  return 'ok';
}

/** Desired vs ready replicas of a workload: short of desired is pending. */
function replicasHealth(desired: number, ready: number): Health {
  return ready < desired ? 'pending' : 'ok';
}

/** The health of any row; unknown kinds are ok unless being deleted. */
export function rowHealth(kind: string, o: KubeObject): Health {
  // any: a row's object is read defensively whatever its kind; the printers guard fields the same way.
  const x = o as any; // any: see above (read defensively, whatever the kind)
  try {
    switch (kind) {
      case 'Pod': return podHealth(o as Pod);
      case 'Node': return nodeHealth(o as Node);
      case 'Event': return (o as Event).type === 'Warning' ? 'pending' : 'ok';
      default: break;
    }
    if (o.metadata.deletionTimestamp) return 'terminating';
    switch (kind) {
      case 'Deployment': case 'StatefulSet': case 'ReplicaSet': case 'ReplicationController':
        return replicasHealth(num(x.spec?.replicas ?? 1), num(x.status?.readyReplicas));
      case 'DaemonSet':
        return replicasHealth(num(x.status?.desiredNumberScheduled), num(x.status?.numberReady));
      case 'Job': {
        const conds: { type?: string; status?: string }[] = x.status?.conditions ?? [];
        if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) return 'error';
        if (conds.some((c) => c.type === 'Complete' && c.status === 'True')) return 'completed';
        return 'ok';
      }
      case 'PersistentVolumeClaim': return x.status?.phase === 'Lost' ? 'error' : x.status?.phase === 'Bound' ? 'ok' : 'pending';
      case 'PersistentVolume': return x.status?.phase === 'Failed' ? 'error' : 'ok';
      case 'Namespace': return x.status?.phase === 'Terminating' ? 'terminating' : 'ok';
      case 'HorizontalPodAutoscaler':
        return num(x.status?.currentReplicas) >= num(x.spec?.maxReplicas) && num(x.spec?.maxReplicas) > 0 ? 'error' : 'ok';
      case 'CronJob': return x.spec?.suspend ? 'completed' : 'ok';
      default: return 'ok';
    }
  } catch {
    return 'ok';
  }
}

/** Whether a health is a fault (k9s's `ctrl-z` keeps these rows): failing, not ready yet, or going away. */
export function isFault(h: Health): boolean {
  return h === 'error' || h === 'pending' || h === 'terminating';
}

/** Whether a row is a fault (see isFault); computed from the object alone, so it changes only when the object does. */
export function rowFault(kind: string, o: KubeObject): boolean {
  return isFault(rowHealth(kind, o));
}

/** Trouble rank for "most troubled first": error 4, pending 3, terminating 2, ok 1, completed 0. */
export function troubleRank(h: Health): number {
  return h === 'error' ? 4 : h === 'pending' ? 3 : h === 'terminating' ? 2 : h === 'ok' ? 1 : 0;
}
