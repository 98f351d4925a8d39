/**
 * The shape shared by the pod faults that change how containers behave (pod-failure, readiness-failure,
 * slow-start, image-pull-failure, the hogs and the leak): a behaviour patch laid on the chosen containers of the
 * targets' live pods through their kubelets (and, for some, on the pods a workload or Service gets while the
 * fault lasts), removed again on revert.
 */
import type { Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { labelSelectorFromObject } from '../../api/selectors.js';
import type { Simulation } from '../../cluster/simulation.js';
import { type ProfilePatch, kubeletFaults } from '../../kubelet/fault-hooks.js';
import type { FaultParam, FaultParams, FaultTargetKind, FaultType, ResolvedTarget } from '../types.js';
import { type ContainerChoice, checkPodTargets, chooseContainers, isMirror, ownedBy, podRef, podsOfTarget } from './pod-targets.js';

/** Pod faults aim at pods, or at the pods of a workload or Service. */
export const POD_KINDS: FaultTargetKind[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service'];

/** The optional `container` parameter, described for a fault's default choice. */
export function containerParam(choice: ContainerChoice): FaultParam {
  return { name: 'container', type: 'string', description: `the container to act on (default: ${choice === 'first' ? 'the first' : 'every container'})` };
}

/** What a patch fault does; `newPods` also patches the pods a workload or Service target gets while the fault lasts. */
export interface PatchFaultDef {
  type: string;
  description: string;
  params: FaultParam[];
  choice: ContainerChoice;
  patch(params: FaultParams): ProfilePatch;
  validateParams?(params: FaultParams): string[];
  /** The containers of a pod the fault acts on (default: the container choice); problems go to `problems`. */
  containers?(pod: Pod, name: string | undefined, problems?: string[]): string[] | undefined;
  newPods?: boolean;
}

/** Does `pod` belong to the target (a workload's new pod, or one a Service's selector picks)? */
function newPodMatcher(sim: Simulation, t: ResolvedTarget): ((pod: Pod) => boolean) | undefined {
  const obj = t.object;
  if (!obj || t.kind === 'Pod') return undefined;
  if (t.kind !== 'Service') return (pod) => ownedBy(sim, pod, obj);
  const selector = (obj as KubeObject & { spec?: { selector?: Record<string, string> } }).spec?.selector;
  if (!selector || !Object.keys(selector).length) return undefined;
  const sel = labelSelectorFromObject({ matchLabels: selector });
  return (pod) => pod.metadata.namespace === t.namespace && sel.matches(pod.metadata.labels);
}

/** A fault that patches the behaviour of the targets' pods' containers until it is reverted. */
export function patchFault(def: PatchFaultDef): FaultType {
  const pick = def.containers ?? ((pod: Pod, name: string | undefined, problems?: string[]) => chooseContainers(pod, name, def.choice, problems));
  return {
    type: def.type, description: def.description, appliesTo: POD_KINDS,
    params: [...def.params, containerParam(def.choice)],
    validateParams: def.validateParams,
    checkTargets(sim, targets, params) {
      const name = params.container as string | undefined;
      const problems = checkPodTargets(sim, targets, name);
      if (!problems.length && def.containers) for (const t of targets) for (const p of podsOfTarget(sim, t)) pick(p, name, problems);
      return problems;
    },
    inject({ sim, id }, targets, params) {
      const hooks = kubeletFaults(sim.kubelets);
      const patch = def.patch(params);
      const name = params.container as string | undefined;
      for (const t of targets) {
        for (const pod of podsOfTarget(sim, t)) if (!isMirror(pod)) hooks.patchPods(id, [podRef(pod)], patch, pick(pod, name));
      }
      if (def.newPods) {
        const matchers = targets.map((t) => newPodMatcher(sim, t)).filter((m): m is (pod: Pod) => boolean => !!m);
        const existing = targets.flatMap((t) => podsOfTarget(sim, t).map((p) => p.metadata.uid!));
        if (matchers.length) hooks.patchNewPods(id, (pod) => matchers.some((m) => m(pod)), existing, patch, name === undefined ? undefined : [name]);
      }
      return () => hooks.release(id);
    },
  };
}
