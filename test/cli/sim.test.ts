import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../source/cli/program.js';

async function run(args: string[]) {
  let stdout = '', stderr = '';
  const code = await runProgram(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'kubedrill-sim-'));
const podsFile = path.join(dir, 'pods.yaml');
writeFileSync(podsFile, `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: nginx, image: nginx:1.27, resources: {requests: {cpu: 100m, memory: 64Mi}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "64"}}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: crasher
  annotations: {sim.kubedrill.io/crash-after: 5s}
spec:
  containers: [{name: app, image: busybox:1.36}]
`);

describe('kubedrill sim', () => {
  it('runs the demo cluster and prints pods as kubectl get pods -o wide', async () => {
    const r = await run(['sim', '-f', podsFile, '--for', '5m', '--get', 'pods', '-o', 'wide']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(r.stdout).toMatch(/^web\s+1\/1\s+Running\s+0\s+5m\s+10\.244\.\d+\.\d+\s+workers-\d/m);
    expect(r.stdout).toMatch(/^huge\s+0\/1\s+Pending\s+0\s+5m\s+<none>\s+<none>/m);
    expect(r.stdout).toMatch(/^crasher\s+0\/1\s+(CrashLoopBackOff|Error|Running)\s+\d+ \(\S+ ago\)/m);
  });

  it('shows the upstream FailedScheduling message in events', async () => {
    const r = await run(['sim', '-f', podsFile, '--for', '1m', '--get', 'events']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Warning   FailedScheduling          pod/huge');
    expect(r.stdout).toContain('0/4 nodes are available: 1 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.');
    expect(r.stdout).toMatch(/Normal\s+Scheduled\s+pod\/web\s+Successfully assigned default\/web to workers-\d/);
  });

  it('shows nodes Ready with roles and the cluster version', async () => {
    const r = await run(['sim', '--for', '30s', '--get', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^control-plane-0\s+Ready\s+control-plane\s+30s\s+v1\.32\.\d+$/m);
    expect(r.stdout.match(/^workers-\d\s+Ready\s+<none>/gm)).toHaveLength(3);
  });

  it('is deterministic: the same seed prints the same YAML, another seed differs', async () => {
    const a = await run(['sim', '-f', podsFile, '--for', '2m', '--seed', '7', '-A', '--get', 'pods,events', '-o', 'yaml']);
    const b = await run(['sim', '-f', podsFile, '--for', '2m', '--seed', '7', '-A', '--get', 'pods,events', '-o', 'yaml']);
    const c = await run(['sim', '-f', podsFile, '--for', '2m', '--seed', '8', '-A', '--get', 'pods,events', '-o', 'yaml']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('kind: List');
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('rejects bad flags and unknown resources with clear messages', async () => {
    expect((await run(['sim', '--for', 'soon'])).stderr).toMatch(/invalid duration "soon"/);
    expect((await run(['sim', '--seed', '-3'])).code).not.toBe(0);
    const r = await run(['sim', '--get', 'widgets']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: the server doesn\'t have a resource type "widgets"');
    const missing = await run(['sim', '--cluster', path.join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.yaml');
  });

  it('reports manifest errors with file:line and still runs the valid objects', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, `apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  containers: [{name: app, image: nginx:1.27}]
---
apiVersion: v1
kind: Pod
metadata: {name: broken}
spec:
  containers: []
`);
    const r = await run(['sim', '-f', bad, '--for', '1m']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+: error: .*Pod "broken" is invalid/);
    expect(r.stdout).toMatch(/^ok\s+1\/1\s+Running/m);
  });
});
