import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerRun } from '../../source/cli/run.js';
import { runProgram } from '../../source/cli/program.js';
import { xmlProblem } from '../drill/xml-check.js';

const fixtures = resolve(import.meta.dirname, '../drill/fixtures');
const quick = join(fixtures, 'quick.yaml');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runProgram(['run', ...argv], { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'kubedrill-run-'));

describe('kubedrill run', () => {
  it('exit 0 when the drill passes: prints the score; the drill\'s messages go to stderr', async () => {
    const r = await run(quick);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Drill quick: Quick test drill — PASS, score \d+\/100 \(seed 3\)\n {2}✓ web back \(met at 00:50, deadline 01:30\)\n/);
    // Not a terminal: no progress bar, only the pages, as plain lines.
    expect(r.stderr).toBe('[00:30] Pager: web is down\n[00:50] Pager: still down\n');
  });

  it('exit 1 when it fails (--no-responses)', async () => {
    const r = await run(quick, '--no-responses');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('— FAIL, score');
    expect(r.stdout).toContain('objective "web back" failed');
  });

  it('exit 2 for an invalid drill, with file:line problems', async () => {
    const r = await run(join(fixtures, 'invalid.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(fixtures, 'invalid.yaml')}:8: error: spec.duration: Invalid value: "2 minutes": invalid duration "2 minutes"`);
    expect(r.stderr).toContain(`${join(fixtures, 'invalid.yaml')}:11: error: spec.objectives[0].probe.type: Unsupported value: "telepathy"`);
    expect(r.stdout).toBe('');
  });

  it('exit 2 for an unknown fault type, before the drill starts', async () => {
    const r = await run(join(fixtures, 'bogus-fault.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bogus-fault\.yaml:13: error: spec\.timeline\[0\]\.actions\[0\]\.fault\.type: unknown fault type "solar-flare" \(known: pod-kill, /);
  });

  it('exit 2 for a missing file, a missing argument, or a steady state that does not hold', async () => {
    expect(await run(join(fixtures, 'nope.yaml'))).toMatchObject({ code: 2 });
    const usage = await run();
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('error: name a drill file (or --replay a log)');
    const dir = tmp();
    // The quick drill with a steady state that cannot hold, its paths made absolute so it runs from the temp dir.
    const aborting = join(dir, 'aborting.yaml');
    writeFileSync(aborting, readFileSync(quick, 'utf8')
      .replace('{type: ready-replicas, name: web, min: 2}', '{type: ready-replicas, name: web, min: 9}')
      .replace('cluster: cluster.yaml', `cluster: ${join(fixtures, 'cluster.yaml')}`)
      .replace('manifests: [web.yaml]', `manifests: [${join(fixtures, 'web.yaml')}]`));
    const r = await run(aborting, '--report', 'junit', '--out', join(dir, 'j.xml'));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/— ABORTED, score/);
    expect(r.stdout).toContain('the steady state did not hold before the faults: the drill could not start');
    expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toContain('type="DrillAborted"');
  });

  it('--report json on stdout (summary to stderr); junit and markdown to --out', async () => {
    const r = await run(quick, '--report', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'DrillReport', verdict: 'pass', seed: 3, drill: { name: 'quick' } });
    expect(r.stderr).toContain('Drill quick: Quick test drill — PASS');
    const dir = tmp();
    const j = await run(quick, '--report', 'junit', '--out', join(dir, 'r.xml'));
    expect(j.stdout).toContain('— PASS');
    const xml = readFileSync(join(dir, 'r.xml'), 'utf8');
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain('<testsuite name="quick" tests="5" failures="0"');
    await run(quick, '--report', 'markdown', '--out', join(dir, 'r.md'));
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/^# Drill quick: Quick test drill\n/);
    expect((await run(quick, '--report', 'yaml')).code).toBe(2);
  });

  it('--log then --replay reproduces the run exactly; a JSON report replays too', async () => {
    const dir = tmp();
    const first = await run(quick, '--seed', '11', '--log', join(dir, 'run.log'), '--report', 'json', '--out', join(dir, 'a.json'));
    expect(first.code).toBe(0);
    const log = JSON.parse(readFileSync(join(dir, 'run.log'), 'utf8'));
    expect(log).toMatchObject({ kind: 'DrillLog', name: 'quick', seed: 11, responses: true });
    expect(await run('--replay', join(dir, 'run.log'), '--report', 'json', '--out', join(dir, 'b.json'))).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')).seed).toBe(11);
    await run('--replay', join(dir, 'a.json'), '--report', 'json', '--out', join(dir, 'c.json'));
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
  });

  it('--replay refuses another drill, a bad log, and --seed', async () => {
    const dir = tmp();
    await run(quick, '--log', join(dir, 'run.log'));
    const other = await run(join(fixtures, 'faulty.yaml'), '--replay', join(dir, 'run.log'));
    expect(other).toMatchObject({ code: 2 });
    expect(other.stderr).toContain('error: the log is of drill "quick", not "faulty"');
    writeFileSync(join(dir, 'bad.log'), '{"kind":"DrillLog","drill":"x","name":"x","seed":1,"responses":true,"actions":[{"atMs":-1}]}');
    const bad = await run('--replay', join(dir, 'bad.log'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not a drill log: actions[0].atMs must be a time in ms');
    expect((await run('--replay', join(dir, 'run.log'), '--seed', '4')).code).toBe(2);
  });

  it('on a terminal, a progress bar of virtual time is redrawn on stderr', async () => {
    let stderr = '';
    const io = { stdout: () => {}, stderr: (s: string) => { stderr += s; } };
    const program = new Command('kubedrill').exitOverride();
    registerRun(program, io, { tty: true, width: 80 });
    await program.parseAsync(['run', quick], { from: 'user' });
    expect(stderr).toContain('\r[████████████████████████████████████████] 03:00/03:00 quick\x1b[K');
    expect(stderr).toContain('\r\x1b[K[00:30] Pager: web is down\n');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
  });
});
