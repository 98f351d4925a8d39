/**
 * Fault targets: checking a FaultTarget, finding the objects it names (by name, or by namespace + label
 * selector), and narrowing them with Chaos Mesh's modes — `one` (a random one), `all`, `fixed` N, `fixed-percent`
 * P and `random-max-percent` P, with Chaos Mesh's rounding (a percentage rounds up, so at least one object is
 * chosen; random-max-percent draws a percentage in [0, P] first). Random choices come from the simulation's
 * seeded source, so the same seed and requests pick the same targets.
 */
import type { Node, Pod } from '../api/core.js';
import type { KubeObject } from '../api/meta.js';
import { labelSelectorFromObject, selectorToString, type Selector } from '../api/selectors.js';
import type { Simulation } from '../cluster/simulation.js';
import type { SeededRandom } from '../engine/random.js';
import { STATIC_COMPONENTS, type StaticComponent } from '../kubelet/static-pods.js';
import type { Problem } from './params.js';
import type { FaultMode, FaultTarget, FaultTargetKind, FaultTypeInfo, ResolvedTarget } from './types.js';

/** Node labels that place a node in a zone and a node pool. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const NODE_POOL_LABEL = 'kubedrill.io/node-pool';

const MODES: readonly FaultMode[] = ['one', 'all', 'fixed', 'fixed-percent', 'random-max-percent'];
const NAMESPACED = new Set<FaultTargetKind>(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Service']);
const OBJECT_KINDS = new Set<FaultTargetKind>([...NAMESPACED, 'Node']);

/** What people call the control-plane components, mapped to their static pod names. */
const COMPONENT_ALIASES: Record<string, StaticComponent> = {
  scheduler: 'kube-scheduler', 'kube-scheduler': 'kube-scheduler',
  'controller-manager': 'kube-controller-manager', 'kube-controller-manager': 'kube-controller-manager',
  'api-server': 'kube-apiserver', apiserver: 'kube-apiserver', 'kube-apiserver': 'kube-apiserver',
  etcd: 'etcd',
};

/** A control-plane component by any of its usual names (`scheduler`, `kube-scheduler`); undefined when unknown. */
export function controlPlaneComponent(name: string): StaticComponent | undefined {
  return Object.hasOwn(COMPONENT_ALIASES, name) ? COMPONENT_ALIASES[name] : undefined;
}

/** Check the shape of a target (kind, mode, value, name vs selector); existence is checked by `findTargets`. */
export function checkTarget(type: FaultTypeInfo, target: FaultTarget | undefined, problems: Problem[]): void {
  if (!target || typeof target !== 'object') {
    problems.push({ field: 'target', message: 'required: what the fault is aimed at (kind plus name or selector)' });
    return;
  }
  if (!type.appliesTo.includes(target.kind)) {
    problems.push({ field: 'target.kind', message: `${type.type} applies to ${type.appliesTo.join(', ')}, not ${JSON.stringify(target.kind)}` });
    return;
  }
  const mode = target.mode ?? 'one';
  if (!MODES.includes(mode)) problems.push({ field: 'target.mode', message: `unknown mode ${JSON.stringify(mode)} (expected one of ${MODES.join(', ')})` });
  else checkModeValue(mode, target.value, problems);
  if (target.namespace !== undefined && !NAMESPACED.has(target.kind)) {
    problems.push({ field: 'target.namespace', message: `a ${target.kind} target has no namespace` });
  }
  if (target.name !== undefined && (typeof target.name !== 'string' || !target.name)) {
    problems.push({ field: 'target.name', message: 'must be a non-empty string' });
  }
  if (OBJECT_KINDS.has(target.kind)) {
    if (target.name !== undefined && target.selector !== undefined) problems.push({ field: 'target.selector', message: 'give either a name or a selector, not both' });
    if (target.selector !== undefined) {
      try {
        labelSelectorFromObject(target.selector);
      } catch (err) {
        problems.push({ field: 'target.selector', message: (err as Error).message });
      }
    }
  } else {
    if (target.selector !== undefined) problems.push({ field: 'target.selector', message: `a ${target.kind} target is chosen by name, not by selector` });
    if (target.name === undefined && target.kind !== 'ControlPlane') problems.push({ field: 'target.name', message: `required: the ${target.kind === 'Zone' ? 'zone' : 'node pool'} name` });
  }
}

function checkModeValue(mode: FaultMode, value: number | undefined, problems: Problem[]): void {
  const field = 'target.value';
  if (mode === 'one' || mode === 'all') {
    if (value !== undefined) problems.push({ field, message: `only used with mode fixed, fixed-percent or random-max-percent (mode is ${mode})` });
    return;
  }
  if (value === undefined) {
    problems.push({ field, message: `required with mode ${mode}: ${mode === 'fixed' ? 'how many targets' : 'a percentage, 1 to 100'}` });
  } else if (!Number.isInteger(value)) {
    problems.push({ field, message: `must be a whole number, got ${JSON.stringify(value)}` });
  } else if (mode === 'fixed' && value < 1) {
    problems.push({ field, message: `must be at least 1, got ${value}` });
  } else if (mode !== 'fixed' && (value < 1 || value > 100)) {
    problems.push({ field, message: `must be a percentage from 1 to 100, got ${value}` });
  }
}

const refOf = (kind: FaultTargetKind, name: string, namespace?: string): string => (namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`);

function objectTarget(kind: FaultTargetKind, obj: KubeObject): ResolvedTarget {
  const namespace = obj.metadata.namespace;
  return { kind, namespace, name: obj.metadata.name!, ref: refOf(kind, obj.metadata.name!, namespace), object: obj };
}

/**
 * Every object the target names, before the mode narrows them (a checked target only). `component` is the
 * control-plane component a fault type acts on, when it acts on one. Problems say why nothing matched.
 */
export function findTargets(sim: Simulation, target: FaultTarget, problems: Problem[], component?: StaticComponent): ResolvedTarget[] {
  const store = sim.store;
  if (target.kind === 'ControlPlane') {
    const name = target.name ?? component;
    const c = name === undefined ? undefined : controlPlaneComponent(name);
    if (!c) {
      problems.push({ field: 'target.name', message: name === undefined ? `required: one of ${STATIC_COMPONENTS.join(', ')}` : `unknown control-plane component ${JSON.stringify(name)} (known: ${STATIC_COMPONENTS.join(', ')})` });
      return [];
    }
    if (component && c !== component) {
      problems.push({ field: 'target.name', message: `this fault acts on ${component}, not ${c}` });
      return [];
    }
    return [{ kind: 'ControlPlane', name: c, ref: refOf('ControlPlane', c) }];
  }
  if (target.kind === 'Zone' || target.kind === 'NodePool') {
    const label = target.kind === 'Zone' ? ZONE_LABEL : NODE_POOL_LABEL;
    const nodes = store.select<Node>('Node');
    if (nodes.some((n) => n.metadata.labels?.[label] === target.name)) return [{ kind: target.kind, name: target.name!, ref: refOf(target.kind, target.name!) }];
    const known = [...new Set(nodes.map((n) => n.metadata.labels?.[label]).filter((v): v is string => !!v))].sort();
    problems.push({ field: 'target.name', message: `no node is in ${target.kind === 'Zone' ? 'zone' : 'node pool'} ${JSON.stringify(target.name)} (known: ${known.join(', ') || 'none'})` });
    return [];
  }
  const namespace = NAMESPACED.has(target.kind) ? (target.namespace ?? 'default') : undefined;
  const where = namespace ? ` in namespace ${JSON.stringify(namespace)}` : '';
  if (target.name !== undefined) {
    const obj = store.tryGet(target.kind, namespace, target.name);
    if (!obj) problems.push({ field: 'target.name', message: `${target.kind} ${JSON.stringify(target.name)} not found${where}` });
    return obj ? [objectTarget(target.kind, obj)] : [];
  }
  let selector: Selector | undefined;
  if (target.selector !== undefined) selector = labelSelectorFromObject(target.selector);
  // Pods on their way out are not candidates (Chaos Mesh skips them too); a named one still is (force-kill a stuck pod).
  const objects = store.select(target.kind, { namespace, selector }).filter((o) => target.kind !== 'Pod' || !isGone(o as Pod));
  if (!objects.length) {
    const matching = target.selector !== undefined ? ` matches ${selectorToString(target.selector) || '{}'}` : ' exists';
    problems.push({ field: target.selector !== undefined ? 'target.selector' : 'target', message: `no ${target.kind}${where}${matching}` });
  }
  return objects.map((o) => objectTarget(target.kind, o));
}

function isGone(pod: Pod): boolean {
  return !!pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Narrow candidates by mode (a checked mode and value); the chosen ones keep their candidate order. */
export function pickTargets<T>(candidates: readonly T[], mode: FaultMode = 'one', value: number | undefined, random: SeededRandom): T[] {
  const n = candidates.length;
  let count: number;
  switch (mode) {
    case 'all': return [...candidates];
    case 'one': count = Math.min(1, n); break;
    case 'fixed': count = Math.min(value ?? 1, n); break;
    case 'fixed-percent': count = Math.ceil((n * (value ?? 100)) / 100); break;
    case 'random-max-percent': count = Math.ceil((n * random.int((value ?? 100) + 1)) / 100); break;
  }
  if (count >= n) return [...candidates];
  // A partial Fisher–Yates shuffle of the indexes: `count` distinct draws from the seeded source.
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count).sort((a, b) => a - b).map((i) => candidates[i]!);
}

/** The Nodes a Zone or NodePool target covers, or the Node itself (node faults use this). */
export function nodesOf(sim: Simulation, target: ResolvedTarget): Node[] {
  if (target.kind === 'Node') {
    const node = sim.store.tryGet<Node>('Node', undefined, target.name);
    return node ? [node] : [];
  }
  const label = target.kind === 'Zone' ? ZONE_LABEL : target.kind === 'NodePool' ? NODE_POOL_LABEL : undefined;
  if (!label) return [];
  return sim.store.select<Node>('Node').filter((n) => n.metadata.labels?.[label] === target.name);
}
