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

const dir = mkdtempSync(path.join(tmpdir(), 'kubedrill-top-'));
const appFile = path.join(dir, 'app.yaml');
writeFileSync(appFile, `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: nginx, image: nginx:1.27}
  - {name: sidecar, image: busybox:1.36, command: [sleep, "3600"]}
---
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers: [{name: app, image: nginx:1.27, resources: {requests: {cpu: "64"}}}]
`);

/** Rows of a top table: cells split on runs of spaces (the header first). */
const rows = (text: string) => text.trimEnd().split('\n').map((l) => l.trim().split(/\s+/));

describe('kubedrill sim --top', () => {
  it('prints `kubectl top pods -A` after the run: header, one row per pod with metrics, padded lines', async () => {
    const r = await run(['sim', '--for', '2m', '--top', 'pods', '-A']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE {5}NAME {3,}CPU\(cores\) {3}MEMORY\(bytes\) {3}$/);
    expect(r.stdout).toMatch(/^kube-system {3}kube-proxy-\w{5} +\d+m +\d+Mi +$/m);
    expect(r.stdout).toMatch(/^kube-system {3}kube-apiserver-control-plane-0 +\d+m +\d+Mi +$/m);
    // Sorted by namespace then name, and no `kubectl get` table unless --get is given.
    const names = rows(r.stdout).slice(1).map((c) => `${c[0]}/${c[1]}`);
    expect(names).toEqual([...names].sort());
    expect(r.stdout).not.toContain('READY');
  });

  it('prints `kubectl top nodes` with CPU(%) and MEMORY(%) of allocatable', async () => {
    const r = await run(['sim', '--for', '1m', '--top', 'nodes']);
    expect(r.code).toBe(0);
    const table = rows(r.stdout);
    expect(table[0]).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
    expect(table.slice(1).map((c) => c[0])).toEqual(['control-plane-0', 'workers-0', 'workers-1', 'workers-2']);
    for (const c of table.slice(1)) {
      expect(c[1]).toMatch(/^\d+m$/);
      expect(c[2]).toMatch(/^\d+%$/);
      expect(c[3]).toMatch(/^\d+Mi$/);
      expect(c[4]).toMatch(/^\d+%$/);
    }
  });

  it('fails like kubectl before the metrics server has two scrapes', async () => {
    const r = await run(['sim', '--for', '20s', '--top', 'nodes']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: metrics not available yet\n');
  });

  it('--containers and --sort-by, in the namespace given, with --get printed first when asked for', async () => {
    const r = await run(['sim', '-f', appFile, '--for', '2m', '--top', 'pods', '--containers', '--sort-by', 'memory', '--get', 'pods']);
    expect(r.code).toBe(0);
    const [get, top] = r.stdout.split('\n\n');
    expect(get).toMatch(/^NAME\s+READY\s+STATUS/);
    expect(get).toMatch(/^huge\s+0\/1\s+Pending/m);
    const table = rows(top!);
    expect(table[0]).toEqual(['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(table.slice(1).map((c) => `${c[0]}/${c[1]}`).sort()).toEqual(['web/nginx', 'web/sidecar']);
    const memory = table.slice(1).map((c) => Number(c[3]!.replace('Mi', '')));
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
  });

  it('says so when a namespace has no pods', async () => {
    const r = await run(['sim', '--for', '1m', '--top', 'pods', '-n', 'empty']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No resources found in empty namespace.\n');
  });

  it('rejects bad values and combinations with clear usage errors', async () => {
    const target = await run(['sim', '--top', 'widgets']);
    expect(target.code).toBe(2);
    expect(target.stderr).toContain('expected pods or nodes, got "widgets"');
    const sort = await run(['sim', '--top', 'pods', '--sort-by', 'name']);
    expect(sort.code).toBe(2);
    expect(sort.stderr).toContain('--sort-by accepts only cpu or memory');
    const noTop = await run(['sim', '--containers']);
    expect(noTop.code).toBe(2);
    expect(noTop.stderr).toContain('error: --containers needs --top');
    const sortNoTop = await run(['sim', '--sort-by', 'cpu']);
    expect(sortNoTop.stderr).toContain('error: --sort-by needs --top');
    const nodes = await run(['sim', '--top', 'nodes', '--containers']);
    expect(nodes.code).toBe(2);
    expect(nodes.stderr).toContain('--containers applies only to --top pods');
    expect((await run(['sim', '--top'])).code).toBe(2);
  });
});
