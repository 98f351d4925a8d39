/**
 * Which workload a pod belongs to, by following controller ownerReferences as kubectl and dashboards do:
 * Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet / DaemonSet / ReplicationController.
 */
import type { Pod } from '../api/core.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';

/** A workload: the top controller of a pod (uid from the ownerReference that named it). */
export interface WorkloadRef { kind: string; namespace: string; name: string; uid?: string }

/** The object reader workloadOf needs (an ApiStore satisfies it). */
export interface ObjectReader {
  tryGet<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined;
}

/** The controller ownerReference of an object (`controller: true`), if any. */
export function controllerRef(obj: KubeObject | undefined): OwnerReference | undefined {
  const refs = obj?.metadata?.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}

/** Owner kinds that are themselves owned by a higher workload, and the kind of that owner. */
const PARENT_KIND: Readonly<Record<string, string>> = { ReplicaSet: 'Deployment', Job: 'CronJob' };

/**
 * The pod's workload: its controller, lifted one level when that controller is a ReplicaSet owned by a Deployment
 * or a Job owned by a CronJob (checked in the store, and by uid, so a stale reference is not followed).
 * Undefined for a bare pod (no controller) and for a static pod's mirror (owned by its Node). A ReplicaSet or Job
 * the store no longer holds is reported as itself.
 */
export function workloadOf(pod: Pod, store: ObjectReader): WorkloadRef | undefined {
  const ref = controllerRef(pod);
  // A mirror pod's controller is its Node: a static pod belongs to no workload.
  if (!ref || ref.kind === 'Node') return undefined;
  const namespace = pod.metadata.namespace ?? 'default';
  const parentKind = PARENT_KIND[ref.kind];
  if (parentKind) {
    const owner = store.tryGet(ref.kind, namespace, ref.name);
    const up = owner && owner.metadata.uid === ref.uid ? controllerRef(owner) : undefined;
    if (up && up.kind === parentKind) return { kind: up.kind, namespace, name: up.name, uid: up.uid };
  }
  return { kind: ref.kind, namespace, name: ref.name, uid: ref.uid };
}

/** The series key of a workload: `namespace/Kind/name`, e.g. `shop/Deployment/frontend`. */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}
