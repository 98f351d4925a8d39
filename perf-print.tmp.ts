import { printGet } from './source/api/print/tabwriter.js';
const now = Date.parse('2026-01-01T12:00:00Z');
const pods: any[] = [];
for (let i = 0; i < 150000; i++) pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: `ns-${i % 50}`, creationTimestamp: '2026-01-01T10:00:00Z' },
  spec: { nodeName: `node-${i % 5000}`, containers: [{ name: 'app', image: 'nginx' }] },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.1' }], conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-01T11:00:00Z' } } }] } });
for (let k = 0; k < 3; k++) { const t = performance.now(); printGet('pods', pods, { nowMs: now, allNamespaces: true }); console.log(Math.round(performance.now() - t)); }
