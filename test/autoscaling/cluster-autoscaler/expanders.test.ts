import { describe, expect, test } from 'vitest';
import type { ConfigMap, Node, Pod } from '../../../source/api/core.js';
import { type ExpanderContext, type ExpansionOption, bestOption, parseExpanders, parsePriorities, wasteScore } from '../../../source/autoscaling/cluster-autoscaler/expanders.js';
import type { NodeGroup } from '../../../source/autoscaling/cluster-autoscaler/node-groups.js';
import type { ExpanderName } from '../../../source/autoscaling/cluster-autoscaler/options.js';
import type { Deployment } from '../../../source/api/workloads.js';
import { NodeInfo } from '../../../source/scheduler/node-info.js';
import { autoscaledPool, caSimulation, create, deployment, events } from './helpers.js';

const pod = (cpu: string, memory: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', resources: { requests: { cpu, memory } } }] } });

function option(id: string, nodeCount: number, cpu: string, memory: string, pods: Pod[]): ExpansionOption {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: `t-${id}` }, spec: {}, status: { capacity: { cpu, memory }, allocatable: { cpu, memory } } };
  return { group: { id } as NodeGroup, nodeCount, pods, template: new NodeInfo(node.metadata.name!, node) };
}

function context(opts: { random?: number[]; priorities?: string } = {}): ExpanderContext & { warnings: string[] } {
  const randoms = [...(opts.random ?? [])];
  const warnings: string[] = [];
  return {
    warnings,
    random: () => randoms.shift() ?? 0,
    priorities: () => opts.priorities,
    warn: (reason, message) => warnings.push(`${reason}: ${message}`),
  };
}

const choose = (flag: string, options: ExpansionOption[], ctx = context()) => bestOption(parseExpanders(flag) as ExpanderName[], options, ctx)?.group.id;

describe('expanders', () => {
  const threePods = [pod('1', '4Gi'), pod('1', '4Gi'), pod('1', '4Gi')];
  const a = option('a', 1, '4', '16Gi', threePods); // waste (4-3)/4 + (16-12)/16 = 0.5
  const b = option('b', 1, '8', '32Gi', threePods); // 0.625 + 0.625 = 1.25
  const c = option('c', 3, '2', '8Gi', [...threePods, pod('1', '1Gi')]); // 4 pods on 3 nodes: (6-4)/6 + (24-13)/24

  test('least-waste minimises unused cpu + memory share of template capacity × nodes', () => {
    expect(wasteScore(a)).toBe(0.5);
    expect(wasteScore(b)).toBe(1.25);
    expect(wasteScore(c)).toBeCloseTo(2 / 6 + 11 / 24, 12);
    expect(choose('least-waste', [b, a, c])).toBe('a');
  });

  test('most-pods and least-nodes', () => {
    expect(choose('most-pods', [a, b, c])).toBe('c');
    expect(choose('least-nodes', [c, b])).toBe('b');
    // a and b tie on nodes: the random fallback breaks the tie with the seeded source.
    expect(choose('least-nodes', [a, b, c], context({ random: [0.99] }))).toBe('b');
    expect(choose('least-nodes', [a, b, c], context({ random: [0] }))).toBe('a');
  });

  test('random picks with the seeded source', () => {
    expect(choose('random', [a, b, c], context({ random: [0.5] }))).toBe('b');
    expect(choose('random', [a, b, c], context({ random: [0.9] }))).toBe('c');
  });

  test('priority: the highest priority whose regexps match the group id wins; unmatched groups are left out', () => {
    const ctx = context({ priorities: '10:\n  - ^a$\n  - ^b$\n50:\n  - .*c.*\n' });
    expect(choose('priority', [a, b, c], ctx)).toBe('c');
    const ctx2 = context({ priorities: '10:\n  - ^a$\n  - ^b$\n' });
    // a and b share priority 10; chained with least-waste, a wins; c is reported as not configured.
    expect(choose('priority,least-waste', [a, b, c], ctx2)).toBe('a');
    expect(ctx2.warnings).toEqual(["PriorityConfigMapNotMatchedGroup: Priority expander: node group c not found in priority expander configuration. The group won't be used."]);
  });

  test('priority falls back to all options when nothing matches, the ConfigMap is missing or invalid', () => {
    const none = context({ priorities: '10:\n  - ^zzz$\n', random: [0.99] });
    expect(choose('priority', [a, b], none)).toBe('b');
    expect(none.warnings.at(-1)).toBe('PriorityConfigMapNoGroupMatched: Priority expander: no priorities info found for any of the expansion options. Falling back to random choice.');
    expect(choose('priority,least-waste', [b, a], context())).toBe('a');
    const bad = context({ priorities: '10: [' });
    expect(choose('priority,least-waste', [b, a], bad)).toBe('a');
    expect(bad.warnings[0]).toMatch(/^PriorityConfigMapInvalid: Can't parse YAML with priorities in the configmap: /);
    expect(() => parsePriorities('10:\n  - "(unclosed"\n')).toThrow("Can't compile regexp rule for pattern: (unclosed");
    expect(() => parsePriorities('high:\n  - a\n')).toThrow(/priority "high" is not an integer/);
    expect(() => parsePriorities('- a\n')).toThrow(/expected a map of priority to a list of regexps/);
  });

  test('bad expander names are refused with upstream’s error', () => {
    expect(() => parseExpanders('price')).toThrow('Expander price not supported');
    expect(() => parseExpanders('least-waste,bogus')).toThrow('Expander bogus not supported');
    expect(() => parseExpanders('')).toThrow(/not supported/);
    expect(parseExpanders('priority, least-waste')).toEqual(['priority', 'least-waste']);
    expect(bestOption(['random'], [], context())).toBeUndefined();
  });
});

describe('expanders in a running cluster (two pools, both scaled from zero)', () => {
  const pools = () => [
    autoscaledPool({ name: 'small', count: 0, labels: { tier: 'app' } }, { min: 0, max: 10 }),
    autoscaledPool({ name: 'big', count: 0, capacity: { cpu: '8', memory: '32Gi', pods: '110' }, labels: { tier: 'app' } }, { min: 0, max: 10 }),
  ];
  // Six 1500m pods: one per small node (6 nodes) or five per big node (2 nodes).
  const web = (): Deployment => {
    const d = deployment('web', 6, '1500m');
    return { ...d, spec: { ...d.spec, template: { ...d.spec.template, spec: { ...d.spec.template.spec, nodeSelector: { tier: 'app' } } } } };
  };
  const scaledGroup = (expander: string, priorities?: string) => {
    const { sim } = caSimulation(pools(), { expander });
    if (priorities) {
      create(sim, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-autoscaler-priority-expander', namespace: 'kube-system' }, data: { priorities } } as ConfigMap);
    }
    create(sim, web());
    sim.advance(10_000);
    return events(sim, 'ScaledUpGroup');
  };

  test('least-waste (the default) picks the small nodes: 9 of 12 cpus used beats 9 of 16', () => {
    expect(scaledGroup('least-waste')).toEqual(['Scale-up: setting group small size to 6 instead of 0 (max: 10)', 'Scale-up: group small size set to 6 instead of 0 (max: 10)']);
  });

  test('least-nodes picks the big nodes', () => {
    expect(scaledGroup('least-nodes')[1]).toBe('Scale-up: group big size set to 2 instead of 0 (max: 10)');
  });

  test('priority follows the ConfigMap', () => {
    expect(scaledGroup('priority', '100:\n  - ^big$\n1:\n  - .*\n')[1]).toBe('Scale-up: group big size set to 2 instead of 0 (max: 10)');
  });
});
