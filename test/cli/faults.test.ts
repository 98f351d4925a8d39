import { describe, expect, it } from 'vitest';
import { runProgram } from '../../source/cli/program.js';
import { faultCatalog } from '../../source/chaos/catalog/index.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runProgram(argv, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

describe('kubedrill faults', () => {
  it('lists every fault type with its targets and parameters', async () => {
    const r = await run('faults');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    for (const t of faultCatalog()) expect(r.stdout).toMatch(new RegExp(`(^|\n)${t.type} \\[`));
    expect(r.stdout).toMatch(/^pod-kill \[Pod\] \(one-shot\)\n {2}Delete pods/);
    expect(r.stdout).toContain('\nnode-taint [Node]\n');
    expect(r.stdout).toContain('    effect  string  taint effect: NoSchedule, PreferNoSchedule, NoExecute (default: NoSchedule)\n');
    expect(r.stdout).toContain('\nscheduler-down [ControlPlane: kube-scheduler]\n');
    expect(r.stdout).toContain('    (no parameters)\n');
    expect(r.stdout).toContain('one (a random one, the default), all, fixed N, fixed-percent P (rounded up), random-max-percent P');
  });

  it('shows one type, as text or JSON', async () => {
    const r = await run('faults', 'api-server-slow');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'api-server-slow [ControlPlane: kube-apiserver]',
      expect.stringMatching(/^ {2}kube-apiserver answers late/),
      '    latency  duration  added to every request (one round trip) (default: 2s)',
    ]);
    const j = await run('faults', 'node-taint', '-o', 'json');
    expect(JSON.parse(j.stdout)).toEqual({
      type: 'node-taint', description: expect.any(String), appliesTo: ['Node'],
      params: [
        { name: 'key', type: 'string', description: 'taint key', default: 'kubedrill.io/fault' },
        { name: 'value', type: 'string', description: 'taint value', default: '' },
        { name: 'effect', type: 'string', description: 'taint effect: NoSchedule, PreferNoSchedule, NoExecute', default: 'NoSchedule' },
      ],
    });
    const all = JSON.parse((await run('faults', '--output', 'json')).stdout) as { type: string }[];
    expect(all.map((t) => t.type)).toEqual(faultCatalog().map((t) => t.type));
  });

  it('rejects an unknown type or output format with exit code 2', async () => {
    const r = await run('faults', 'pod-nuke');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: unknown fault type "pod-nuke" \(known: pod-kill, /);
    const o = await run('faults', '-o', 'yaml');
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/^error: unknown output format "yaml" \(expected text or json\)/);
  });
});
