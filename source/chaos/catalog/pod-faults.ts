/**
 * Pod and container faults (Chaos Mesh's PodChaos and StressChaos, Litmus' container-kill / pod-cpu-hog / …): a
 * container killed, a container that keeps failing, a readiness probe that fails, new pods that cannot pull their
 * image or start slowly, and the CPU / memory hogs and leaks (stress-faults.ts). They act through the kubelet of
 * each pod's node, so what the API shows (restarts, CrashLoopBackOff, Ready, ImagePullBackOff, usage) is what a
 * real cluster would show. A Deployment, StatefulSet, DaemonSet or Service target means its live pods.
 */
import type { Container, Pod, PodTemplateSpec } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import type { Simulation } from '../../cluster/simulation.js';
import { kubeletFaults } from '../../kubelet/fault-hooks.js';
import type { FaultTargetKind, FaultType, ResolvedTarget } from '../types.js';
import { POD_KINDS, containerParam, patchFault } from './patch-fault.js';
import { checkPodTargets, chooseContainers, ownedBy, podRef, podText, podsOfTarget } from './pod-targets.js';
import { stressFaults } from './stress-faults.js';

const WORKLOAD_KINDS: FaultTargetKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** The containers of `pod` with a readiness probe among those named (or all). */
function probedContainers(pod: Pod, name: string | undefined, problems?: string[]): string[] {
  const chosen = pod.spec.containers.filter((c) => name === undefined || c.name === name);
  const probed = chosen.filter((c) => c.readinessProbe).map((c) => c.name);
  if (!probed.length && problems) {
    problems.push(name === undefined
      ? `target: no container of ${podText(pod)} has a readiness probe (a container without one is Ready as long as it runs)`
      : `params.container: container ${JSON.stringify(name)} of ${podText(pod)} has no readiness probe (it is Ready as long as it runs)`);
  }
  return probed;
}

const podFailure = patchFault({
  type: 'pod-failure',
  description: 'The containers keep failing while the fault lasts: each exits with code 1 as soon as it starts, so the pod goes CrashLoopBackOff; on revert it recovers at its next restart.',
  params: [], choice: 'all',
  patch: () => ({ crash: true }),
});

const readinessFailure = patchFault({
  type: 'readiness-failure',
  description: 'The application stops answering its readiness probe: after failureThreshold failures the pod is not Ready and leaves the Service endpoints; on revert it is Ready again.',
  params: [], choice: 'all',
  patch: () => ({ failReadiness: true }),
  containers: probedContainers,
});

const slowStart = patchFault({
  type: 'slow-start',
  description: 'New containers (restarts, and new pods of a workload or Service) take `delay` longer to become ready: the application answers its probes later, or without probes the container starts later.',
  params: [{ name: 'delay', type: 'duration', description: 'how much longer a new container takes to become ready', default: '30s' }],
  choice: 'all', newPods: true,
  patch: (p) => ({ slowStartSeconds: (p.delay as number) / 1000 }),
  validateParams: (p) => ((p.delay as number) > 0 ? [] : ['params.delay: must be longer than 0s']),
});

type Workload = KubeObject & { spec: { template: PodTemplateSpec } };

const imagePullFailure: FaultType = {
  type: 'image-pull-failure',
  description: 'New pods of a workload cannot pull their image (ErrImagePull, then ImagePullBackOff); pods that exist are untouched. On revert the next pull retry succeeds.',
  params: [
    { name: 'error', type: 'string', description: 'the registry error (e.g. "not found", "unauthorized", "503 Service Unavailable")', default: 'not found' },
    containerParam('all'),
  ],
  validateParams: (p) => ((p.error as string).trim() ? [] : ['params.error: must not be empty']),
  appliesTo: WORKLOAD_KINDS,
  checkTargets(_sim, targets, params) {
    const name = params.container as string | undefined;
    if (name === undefined) return [];
    const problems: string[] = [];
    for (const t of targets) {
      const containers: Container[] = (t.object as Workload | undefined)?.spec?.template?.spec?.containers ?? [];
      if (!containers.some((c) => c.name === name)) problems.push(`params.container: ${t.ref} has no container ${JSON.stringify(name)} (containers: ${containers.map((c) => c.name).join(', ')})`);
    }
    return problems;
  },
  inject({ sim, id }, targets, params) {
    // Only the new pods: the ones that exist keep the image they have.
    const hooks = kubeletFaults(sim.kubelets);
    const existing = targets.flatMap((t) => podsOfAny(sim, t));
    const name = params.container as string | undefined;
    hooks.patchNewPods(id, (pod) => targets.some((t) => !!t.object && ownedBy(sim, pod, t.object)), existing, { imagePullError: params.error as string }, name === undefined ? undefined : [name]);
    return () => hooks.release(id);
  },
};

/** Uids of every pod a workload target has now, terminating and finished ones included. */
function podsOfAny(sim: Simulation, t: ResolvedTarget): string[] {
  return t.object ? sim.store.select<Pod>('Pod', { namespace: t.namespace }).filter((p) => ownedBy(sim, p, t.object!)).map((p) => p.metadata.uid!) : [];
}

const containerKill: FaultType = {
  type: 'container-kill',
  description: 'Kill a container (SIGKILL, exit code 137): the kubelet restarts it with the usual back-off, and its restart count goes up by one.',
  appliesTo: POD_KINDS,
  instant: true,
  params: [containerParam('first')],
  checkTargets(sim, targets, params) {
    const name = params.container as string | undefined;
    const problems = checkPodTargets(sim, targets, name);
    if (problems.length) return problems;
    const hooks = kubeletFaults(sim.kubelets);
    for (const t of targets) {
      const running = podsOfTarget(sim, t).some((p) => hooks.containerRunning(podRef(p), chooseContainers(p, name, 'first')![0]));
      if (!running) problems.push(`target: no ${name === undefined ? 'first' : JSON.stringify(name)} container of ${t.ref} is running (nothing to kill)`);
    }
    return problems;
  },
  inject({ sim }, targets, params) {
    const hooks = kubeletFaults(sim.kubelets);
    const name = params.container as string | undefined;
    for (const t of targets) for (const p of podsOfTarget(sim, t)) hooks.killContainers(podRef(p), chooseContainers(p, name, 'first'));
    return () => undefined;
  },
};

/** Pod and container faults, in menu order (pod-kill is listed by the catalogue itself). */
export const podFaults: FaultType[] = [containerKill, podFailure, ...stressFaults, readinessFailure, imagePullFailure, slowStart];
