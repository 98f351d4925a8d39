import { it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { createAll, testSimulation } from '../sim-helpers.js';
it('dbg', () => {
  const sim = testSimulation({ workers: 3 });
  sim.store.watch({ kind: 'Pod' }, (e) => { const p = e.object as Pod; if (p.metadata.namespace==='default') console.log(sim.now(), e.type, p.metadata.name, p.status?.phase, p.metadata.deletionTimestamp, JSON.stringify(p.status?.conditions?.map(c=>c.type+c.status+(c.reason??'')))); }, { sendInitialEvents: false });
  createAll(sim, [{
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'hand-made', namespace: 'default', labels: { app: 'agent' } },
    spec: { nodeName: 'workers-0', containers: [{ name: 'agent', image: 'nginx:1.27' }] },
  } as any]);
  sim.advance(10_000);
  for (const e of sim.store.select('Event', {namespace:'default'})) console.log(JSON.stringify(e).slice(0,400));
});
