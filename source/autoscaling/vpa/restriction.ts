/**
 * The updater's PodsEvictionRestriction (pkg/updater/restriction): pods are grouped by their controller; a group
 * with fewer live pods than minReplicas (2) is never touched, and at most `eviction-tolerance` (50%) of its
 * configured replicas may be evicted in one pass — or exactly one pod when that rounds to zero and all are running.
 * PDBs are checked later, by the eviction API itself.
 */
import type { Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import type { VerticalPodAutoscaler } from '../../api/vpa-kinds.js';
import type { AdmissionReader } from '../../store/admission.js';
import { controllerRef } from './target.js';

interface GroupStats { configured: number; pending: number; running: number; evictionTolerance: number; evicted: number }

/** The replica count the controller is configured for (getReplicaCount); undefined when it cannot be read. */
function configuredReplicas(store: AdmissionReader, kind: string, namespace: string | undefined, name: string, live: number): number | undefined {
  if (kind === 'Job') return live; // a Job has no replica count: its live pods stand in
  const owner = store.tryGet<KubeObject>(kind, namespace, name);
  if (!owner) return undefined;
  const spec = owner.spec as { replicas?: number } | undefined;
  const status = owner.status as { numberReady?: number } | undefined;
  switch (kind) {
    case 'ReplicaSet': case 'ReplicationController': case 'StatefulSet':
      return spec?.replicas ? spec.replicas : undefined;
    case 'DaemonSet':
      return status?.numberReady ? status.numberReady : undefined;
    default:
      return 0;
  }
}

/** Eviction limits for one VPA's live pods in one updater pass. */
export class EvictionRestriction {
  private readonly groups = new Map<string, GroupStats>();
  private readonly podGroup = new Map<string, string>();

  constructor(store: AdmissionReader, pods: readonly Pod[], vpa: VerticalPodAutoscaler, minReplicas: number, evictionToleranceFraction: number) {
    const byCreator = new Map<string, Pod[]>();
    for (const pod of pods) {
      const ref = controllerRef(pod);
      if (!ref) continue; // a pod without a controller would not come back: never evicted
      const key = `${ref.kind}/${ref.name}`;
      const list = byCreator.get(key);
      if (list) list.push(pod);
      else byCreator.set(key, [pod]);
    }
    const required = vpa.spec?.updatePolicy?.minReplicas ?? minReplicas;
    for (const [key, replicas] of byCreator) {
      if (replicas.length < required) continue; // "Too few replicas"
      const [kind, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      const configured = configuredReplicas(store, kind, replicas[0]!.metadata.namespace, name, replicas.length);
      if (configured === undefined) continue;
      let pending = 0;
      for (const pod of replicas) {
        this.podGroup.set(podKey(pod), key);
        if (pod.status?.phase === 'Pending') pending++;
      }
      this.groups.set(key, {
        configured, pending, running: replicas.length - pending,
        evictionTolerance: Math.trunc(configured * evictionToleranceFraction), evicted: 0,
      });
    }
  }

  /** Whether the pod belongs to a group the updater may evict from at all (filterNonEvictablePods). */
  covers(pod: Pod): boolean {
    return this.podGroup.has(podKey(pod));
  }

  /** CanEvict: a pending pod always; otherwise while more than configured − tolerance would stay running. */
  canEvict(pod: Pod): boolean {
    const key = this.podGroup.get(podKey(pod));
    if (key === undefined) return false;
    if (pod.status?.phase === 'Pending') return true;
    const g = this.groups.get(key);
    if (!g) return false;
    if (g.running - g.evicted > g.configured - g.evictionTolerance) return true;
    return g.running === g.configured && g.evictionTolerance === 0 && g.evicted === 0;
  }

  /** Count a successful eviction against the pod's group (pending pods do not count). */
  evicted(pod: Pod): void {
    const g = this.groups.get(this.podGroup.get(podKey(pod)) ?? '');
    if (g && pod.status?.phase !== 'Pending') g.evicted++;
  }
}

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}
