/**
 * What a pod fault's target means in pods: a Pod is itself; a Deployment, StatefulSet or DaemonSet means the live
 * pods it controls (through its ReplicaSets for a Deployment); a Service means the live pods its selector picks.
 * Terminating and finished pods are not targets, nor are static (mirror) pods behind a workload or Service.
 * Also the container choice every pod fault shares: a named container, or the pod's first / every container.
 */
import type { Pod, Service } from '../../api/core.js';
import type { KubeObject, OwnerReference } from '../../api/meta.js';
import { labelSelectorFromObject } from '../../api/selectors.js';
import type { Simulation } from '../../cluster/simulation.js';
import type { PodRef } from '../../kubelet/fault-hooks.js';
import { MIRROR_ANNOTATION } from '../../kubelet/static-pods.js';
import type { ResolvedTarget } from '../types.js';

/** A pod as the kubelet hooks name it. */
export const podRef = (p: Pod): PodRef => ({ namespace: p.metadata.namespace ?? 'default', name: p.metadata.name!, uid: p.metadata.uid! });

/** `Pod/<namespace>/<name>`, as fault messages name a pod. */
export const podText = (p: Pod): string => `Pod/${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;

const isLive = (p: Pod): boolean => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
/** A static pod's mirror: its containers are the simulated control plane's, not a workload's. */
export const isMirror = (p: Pod): boolean => p.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;

function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

/** The pods a workload controls now (live or not). */
export function workloadPods(sim: Simulation, workload: KubeObject): Pod[] {
  const ns = workload.metadata.namespace;
  const uid = workload.metadata.uid;
  if (!uid) return [];
  if (workload.kind !== 'Deployment') return sim.store.select<Pod>('Pod', { namespace: ns, ownerUid: uid });
  const out: Pod[] = [];
  for (const rs of sim.store.select('ReplicaSet', { namespace: ns, ownerUid: uid })) out.push(...sim.store.select<Pod>('Pod', { namespace: ns, ownerUid: rs.metadata.uid! }));
  return out;
}

/** Whether `pod` belongs to `workload` (a Deployment's pods through the ReplicaSet that controls them). */
export function ownedBy(sim: Simulation, pod: Pod, workload: KubeObject): boolean {
  const ref = controllerOf(pod);
  if (!ref || !workload.metadata.uid) return false;
  if (workload.kind !== 'Deployment') return ref.uid === workload.metadata.uid;
  if (ref.kind !== 'ReplicaSet') return false;
  const rs = sim.store.tryGet('ReplicaSet', pod.metadata.namespace, ref.name);
  return !!rs && rs.metadata.uid === ref.uid && controllerOf(rs)?.uid === workload.metadata.uid;
}

/** The live pods a target means (a named Pod even when it is a static pod's mirror, so the fault can say why not). */
export function podsOfTarget(sim: Simulation, t: ResolvedTarget): Pod[] {
  if (t.kind === 'Pod') {
    const pod = sim.store.tryGet<Pod>('Pod', t.namespace, t.name);
    return pod && pod.metadata.uid === t.object?.metadata.uid && isLive(pod) ? [pod] : [];
  }
  let pods: Pod[];
  if (t.kind === 'Service') {
    const selector = (t.object as Service | undefined)?.spec?.selector;
    if (!selector || !Object.keys(selector).length) return [];
    pods = sim.store.select<Pod>('Pod', { namespace: t.namespace, selector: labelSelectorFromObject({ matchLabels: selector }) });
  } else {
    pods = t.object ? workloadPods(sim, t.object) : [];
  }
  return pods.filter((p) => isLive(p) && !isMirror(p));
}

/** How a fault picks containers when none is named: the pod's first container, or every one. */
export type ContainerChoice = 'first' | 'all';

/**
 * The containers of `pod` a fault acts on: the named one (a problem when the pod has none of that name), else
 * the first container or, for `all`, undefined (every long-running container).
 */
export function chooseContainers(pod: Pod, name: string | undefined, choice: ContainerChoice, problems?: string[]): string[] | undefined {
  const names = pod.spec.containers.map((c) => c.name);
  if (name !== undefined) {
    if (!names.includes(name)) problems?.push(`params.container: ${podText(pod)} has no container ${JSON.stringify(name)} (containers: ${names.join(', ')})`);
    return [name];
  }
  return choice === 'first' ? names.slice(0, 1) : undefined;
}

/** Every problem with a pod fault's targets: a target with no live pods, a static pod, a missing container. */
export function checkPodTargets(sim: Simulation, targets: readonly ResolvedTarget[], container: string | undefined): string[] {
  const problems: string[] = [];
  for (const t of targets) {
    const pods = podsOfTarget(sim, t);
    if (!pods.length) problems.push(`target: ${t.ref} has no live pods (running or waiting to run)`);
    for (const p of pods) {
      if (isMirror(p)) problems.push(`target: ${t.ref} is a static pod: its containers are the control plane's (use a control-plane fault)`);
      else chooseContainers(p, container, 'all', problems);
    }
  }
  return problems;
}
