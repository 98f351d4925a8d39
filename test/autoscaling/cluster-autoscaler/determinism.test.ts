import { expect, test } from 'vitest';
import type { Event } from '../../../source/api/core.js';
import { autoscaledPool, caSimulation, create, deployment, poolNodes, scaleDeployment, statusText } from './helpers.js';

/** A spike and its aftermath: what CA did, in order, with virtual timestamps. */
function run(seed: number): string[] {
  const { sim, ca, cost } = caSimulation([autoscaledPool({ zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }, { max: 6 }),
    autoscaledPool({ name: 'pool-b', capacity: { cpu: '4', memory: '16Gi', pods: '110' } }, { max: 3 })], { expander: 'random' }, seed);
  create(sim, deployment('web', 14, '700m'), deployment('api', 5, '900m', 'pool-b'));
  sim.advance(5 * 60_000);
  scaleDeployment(sim, 'web', 2);
  scaleDeployment(sim, 'api', 1);
  sim.advance(30 * 60_000);
  const log = sim.store.select<Event>('Event').filter((e) => e.source?.component === 'cluster-autoscaler')
    .map((e) => `${e.firstTimestamp} ${e.involvedObject.kind}/${e.involvedObject.name} ${e.reason} x${e.count}: ${e.message}`);
  return [...log, statusText(sim), poolNodes(sim).join(','), poolNodes(sim, 'pool-b').join(','), String(cost.total()), JSON.stringify(ca.activity())];
}

test('the same seed and inputs give the same autoscaling, event for event', () => {
  const a = run(7);
  expect(a.some((l) => l.includes('TriggeredScaleUp'))).toBe(true);
  expect(a.some((l) => l.includes('removed'))).toBe(true);
  expect(run(7)).toEqual(a);
});
