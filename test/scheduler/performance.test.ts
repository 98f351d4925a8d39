/** Cost checks by counting operations (never wall time): work must follow the pods a pod selects, not the cluster. */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { schedulePod } from '../../source/scheduler/schedule-pod.js';
import { makeNode, makePod, options, snapshotOf } from './helpers.js';

const NODES = 1000, PODS_PER_NODE = 30, APPS = 100;

function bigCluster() {
  const nodes = Array.from({ length: NODES }, (_, i) => makeNode(`node-${i}`, {
    cpu: '64', memory: '256Gi', labels: { 'topology.kubernetes.io/zone': `zone-${i % 10}` },
  }));
  const pods: Pod[] = [];
  for (let i = 0; i < NODES * PODS_PER_NODE; i++) {
    const app = `app-${i % APPS}`;
    pods.push(makePod(`p-${i}`, { nodeName: `node-${i % NODES}`, cpu: '100m', labels: { app }, namespace: `ns-${i % 5}` }));
  }
  return snapshotOf(nodes, pods);
}

describe('scheduler cost (operation counts)', () => {
  const snap = bigCluster();
  const perApp = (NODES * PODS_PER_NODE) / APPS; // 300 pods per app, all in one namespace (app i is in ns i % 5)

  it('a plain pod evaluates only numFeasibleNodesToFind nodes and visits no pods', () => {
    const r = schedulePod(makePod('plain', { cpu: '100m' }), snap, options());
    expect(r.kind).toBe('scheduled');
    expect(r.diagnosis.stats.nodesEvaluated).toBe(420); // 1000 nodes: 42%
    expect(r.diagnosis.stats.podsVisited).toBe(0);
    // NodeUnschedulable, NodeName, TaintToleration, NodeResourcesFit run; the rest were skipped at PreFilter.
    expect(r.diagnosis.stats.filterCalls).toBe(420 * 4);
    expect(r.diagnosis.stats.scoreCalls).toBe(420 * 4); // TaintToleration, NodeResourcesFit, BalancedAllocation, ImageLocality
  });

  it('topology spread visits the selected app\'s pods, not all 30,000', () => {
    const pod = makePod('spread', { namespace: 'ns-2', labels: { app: 'app-7' }, cpu: '100m', spec: { topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'app-7' } } },
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'app-7' } } },
    ] } });
    const r = schedulePod(pod, snap, options());
    expect(r.kind).toBe('scheduled');
    expect(r.diagnosis.stats.podsVisited).toBe(2 * perApp); // PreFilter once, PreScore once
  });

  it('required anti-affinity visits the selected pods plus pods that carry anti-affinity', () => {
    const s = bigCluster();
    for (let i = 0; i < 50; i++) {
      s.addPod(makePod(`anti-${i}`, { nodeName: `node-${i}`, namespace: 'ns-0', labels: { app: 'lonely' }, spec: { affinity: { podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'lonely' } }, topologyKey: 'kubernetes.io/hostname' }],
      } } } }));
    }
    const pod = makePod('one-more', { namespace: 'ns-0', labels: { app: 'lonely' }, spec: { affinity: { podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'lonely' } }, topologyKey: 'kubernetes.io/hostname' }],
    } } } });
    const r = schedulePod(pod, s, options());
    expect(r.kind === 'scheduled' && Number(r.node.slice(5))).toBeGreaterThanOrEqual(50);
    // PreFilter: 50 existing anti-affinity pods + 50 selected; PreScore: 50 pods with affinity.
    expect(r.diagnosis.stats.podsVisited).toBe(150);
  });

  it('the snapshot index stays exact after churn', () => {
    const s = snapshotOf([makeNode('n1'), makeNode('n2')]);
    const pods = Array.from({ length: 200 }, (_, i) => makePod(`c-${i}`, { nodeName: i % 2 ? 'n1' : 'n2', labels: { app: 'churn' } }));
    for (const p of pods) s.addPod(p);
    for (const p of pods.slice(0, 150)) s.removePod(p);
    const pod = makePod('x', { spec: { topologySpreadConstraints: [
      { maxSkew: 100, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'churn' } } },
    ] } });
    expect(schedulePod(pod, s, options()).diagnosis.stats.podsVisited).toBe(50);
  });
});
