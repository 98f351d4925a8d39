/**
 * Expanders: which expansion option a scale-up takes. A comma list chains filters (`priority,least-waste`);
 * whatever ties remain are broken by the random expander, as expander/factory's chain strategy does.
 */
import type { Pod } from '../../api/core.js';
import { toMilli, toUnits } from '../../api/quantity.js';
import type { NodeInfo } from '../../scheduler/node-info.js';
import { parse as parseYaml } from 'yaml';
import { containerRequests } from './estimator.js';
import type { NodeGroup } from './node-groups.js';
import type { ExpanderName } from './options.js';

/** One way to help the pending pods: add `nodeCount` nodes to `group`, scheduling `pods`. */
export interface ExpansionOption {
  readonly group: NodeGroup;
  readonly nodeCount: number;
  readonly pods: readonly Pod[];
  /** The group's template node (least-waste reads its capacity). */
  readonly template: NodeInfo;
}

/** What the expanders need from their surroundings. */
export interface ExpanderContext {
  /** The simulation's seeded random source, [0, 1). */
  random(): number;
  /** The `priorities` text of the priority ConfigMap, or undefined when the ConfigMap or key is missing. */
  priorities(): string | undefined;
  /** A warning event on the status ConfigMap (the priority expander's config problems). */
  warn(reason: string, message: string): void;
}

const KNOWN: readonly ExpanderName[] = ['random', 'most-pods', 'least-waste', 'least-nodes', 'priority'];

/** Parse `--expander`; throws upstream's error for an unknown name. */
export function parseExpanders(flag: string): ExpanderName[] {
  const names = flag.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new Error('Expander  not supported');
  for (const n of names) if (!KNOWN.includes(n as ExpanderName)) throw new Error(`Expander ${n} not supported`);
  return names as ExpanderName[];
}

function ties<T>(options: readonly T[], score: (o: T) => number, better: (a: number, b: number) => boolean): T[] {
  let best: T[] = [];
  let bestScore = 0;
  for (const o of options) {
    const s = score(o);
    if (best.length === 0 || better(s, bestScore)) { best = [o]; bestScore = s; }
    else if (s === bestScore) best.push(o);
  }
  return best;
}

/** least-waste: (availCPU − reqCPU)/availCPU + (availMem − reqMem)/availMem over template capacity × nodes. */
export function wasteScore(o: ExpansionOption): number {
  let cpu = 0, mem = 0;
  for (const p of o.pods) {
    const r = containerRequests(p);
    cpu += r.cpu;
    mem += r.memory;
  }
  const cap = o.template.node?.status?.capacity ?? {};
  let nodeCpu = 0, nodeMem = 0;
  try { nodeCpu = toMilli(cap.cpu ?? '0'); nodeMem = toUnits(cap.memory ?? '0'); } catch { /* a bad quantity wastes everything */ }
  const availCpu = nodeCpu * o.nodeCount, availMem = nodeMem * o.nodeCount;
  const wastedCpu = availCpu > 0 ? (availCpu - cpu) / availCpu : 0;
  const wastedMem = availMem > 0 ? (availMem - mem) / availMem : 0;
  return wastedCpu + wastedMem;
}

/** The priority expander's ConfigMap text as `priority → regexes`; throws upstream's messages. */
export function parsePriorities(text: string): Map<number, RegExp[]> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new Error(`Can't parse YAML with priorities in the configmap: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error("Can't parse YAML with priorities in the configmap: expected a map of priority to a list of regexps");
  const out = new Map<number, RegExp[]>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const prio = Number(key);
    if (!Number.isInteger(prio)) throw new Error(`Can't parse YAML with priorities in the configmap: priority "${key}" is not an integer`);
    const list = Array.isArray(value) ? value : [value];
    out.set(prio, list.map((pattern) => {
      try {
        return new RegExp(String(pattern));
      } catch {
        throw new Error(`Can't compile regexp rule for pattern: ${String(pattern)}`);
      }
    }));
  }
  return out;
}

function priorityFilter(options: readonly ExpansionOption[], ctx: ExpanderContext): ExpansionOption[] {
  const text = ctx.priorities();
  if (text === undefined) return [...options];
  let priorities: Map<number, RegExp[]>;
  try {
    priorities = parsePriorities(text);
  } catch (err) {
    ctx.warn('PriorityConfigMapInvalid', (err as Error).message);
    return [...options];
  }
  let maxPrio = -1;
  let best: ExpansionOption[] = [];
  for (const o of options) {
    let found = false;
    for (const [prio, res] of priorities) {
      if (!res.some((re) => re.test(o.group.id))) continue;
      found = true;
      if (prio < maxPrio) continue;
      if (prio > maxPrio) { maxPrio = prio; best = []; }
      if (!best.includes(o)) best.push(o);
    }
    if (!found) ctx.warn('PriorityConfigMapNotMatchedGroup', `Priority expander: node group ${o.group.id} not found in priority expander configuration. The group won't be used.`);
  }
  if (best.length === 0) {
    ctx.warn('PriorityConfigMapNoGroupMatched', 'Priority expander: no priorities info found for any of the expansion options. Falling back to random choice.');
    return [...options];
  }
  return best;
}

/** One filtering step of the chain. */
function filter(name: ExpanderName, options: readonly ExpansionOption[], ctx: ExpanderContext): ExpansionOption[] {
  switch (name) {
    case 'most-pods': return ties(options, (o) => o.pods.length, (a, b) => a > b);
    case 'least-nodes': return ties(options, (o) => o.nodeCount, (a, b) => a < b);
    case 'least-waste': return ties(options, wasteScore, (a, b) => a < b);
    case 'priority': return priorityFilter(options, ctx);
    case 'random': return [options[Math.floor(ctx.random() * options.length)]!];
  }
}

/** The chain strategy: filter in order, stop at a single option, then break ties at random. */
export function bestOption(expanders: readonly ExpanderName[], options: readonly ExpansionOption[], ctx: ExpanderContext): ExpansionOption | undefined {
  if (options.length === 0) return undefined;
  let left: readonly ExpansionOption[] = options;
  for (const name of expanders) {
    left = filter(name, left, ctx);
    if (left.length === 1) return left[0];
  }
  return left[Math.floor(ctx.random() * left.length)];
}
