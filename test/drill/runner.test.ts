import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { type Drill, loadDrillFile, parseDrillText } from '../../source/drill/index.js';
import { DrillRunner, EVALUATION_PERIOD_MS, type RunnerOptions } from '../../source/drill/runner.js';
import { DrillInvalidError } from '../../source/drill/setup.js';
import { FakeInjector } from './fake-injector.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');

function drill(name: string): Drill {
  const r = loadDrillFile(join(fixtures, `${name}.yaml`));
  if (!r.drill) throw new Error(r.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  return r.drill;
}

/** A fixture drill with some text replaced (written as if it were in fixtures/, so its paths resolve). */
function variant(name: string, from: string, to: string): Drill {
  const text = readFileSync(join(fixtures, `${name}.yaml`), 'utf8');
  expect(text).toContain(from);
  const r = parseDrillText(text.replace(from, to), join(fixtures, `${name}-variant.yaml`));
  if (!r.drill) throw new Error(r.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  return r.drill;
}

let fake: FakeInjector | undefined;
const withFake = (opts: RunnerOptions = {}): RunnerOptions => ({ freeze: true, injector: (sim) => (fake = new FakeInjector(sim)), ...opts });

describe('drill runner', () => {
  it('fires the timeline, pages on a condition, runs the response and grades it', () => {
    const runner = new DrillRunner(drill('faulty'), withFake());
    const report = runner.runToEnd();
    expect(fake!.validated[0]).toMatchObject({ type: 'node-crash', target: { kind: 'Node', name: 'workers-1' } });
    expect(runner.timeline.fired.get('crash')).toBe(20_000);
    // The page waits for the node to go NotReady (after the grace period), at an evaluation instant.
    const page = runner.timeline.fired.get('page')!;
    expect(page).toBeGreaterThan(20_000 + 40_000);
    expect(page % EVALUATION_PERIOD_MS).toBe(0);
    expect(runner.timeline.messages).toEqual([{ atMs: page, text: 'Pager: workers-1 NotReady' }]);
    expect(report.log.actions.map((a) => [a.atMs, a.actor, a.action.action, a.ok])).toEqual([[page + 10_000, 'response', 'cordon', true], [page + 12_000, 'response', 'drain', true]]);
    expect(report.verdict).toBe('pass');
    expect(report.objectives.map((o) => [o.name, o.status, o.anchorMs, o.deadlineMs])).toEqual([
      ['web restored', 'passed', page, page + 120_000], ['dead node cordoned', 'passed', 0, undefined],
    ]);
    expect(report.metrics.timeToDetectMs).toBe(page + 10_000 - 20_000);
    const texts = report.timeline.map((e) => `${e.atMs} ${e.kind} ${e.text}`);
    expect(texts).toContain('20000 fault injected node-crash fault-1 on Node/workers-1');
    expect(texts).toContain(`${page + 10_000} action response: cordon workers-1`);
    expect(texts.indexOf('20000 step crash')).toBeLessThan(texts.indexOf('20000 fault injected node-crash fault-1 on Node/workers-1'));
  });

  it('without responses the objectives that need them fail', () => {
    const report = new DrillRunner(drill('faulty'), withFake({ responses: false })).runToEnd();
    expect(report.verdict).toBe('fail');
    expect(report.objectives.filter((o) => o.status === 'failed').map((o) => o.name)).toEqual(['web restored', 'dead node cordoned']);
    expect(report.log.actions).toEqual([]);
    expect(report.reasons).toContain('objective "web restored" failed');
  });

  it('replaying the log gives the identical report', () => {
    const first = new DrillRunner(drill('faulty'), withFake()).runToEnd();
    const replay = new DrillRunner(drill('faulty'), withFake({ replay: first.log, responses: false })).runToEnd();
    expect(JSON.stringify(replay)).toBe(JSON.stringify(first));
  });

  it('a UI driving it in odd chunks with a trainee action at an odd instant replays exactly', () => {
    const d = drill('quick');
    const live = new DrillRunner(d, { freeze: true, responses: false });
    live.start();
    expect(live.status()).toMatchObject({ phase: 'running', clockMs: 0, messages: [], hints: { total: 1, revealed: [] } });
    while (live.clockMs < 37_000) live.advance(7_000);
    expect(live.clockMs).toBe(42_000);
    expect(live.status().messages).toEqual([{ atMs: 30_000, text: 'Pager: web is down' }]);
    expect(live.revealHint(0)).toMatchObject({ atMs: 42_000, actor: 'trainee', ok: true, message: 'Re-apply web.yaml' });
    live.advance(3_333);
    const applied = live.perform({ action: 'apply', path: 'web.yaml' });
    expect(applied).toMatchObject({ atMs: 45_333, actor: 'trainee', ok: true });
    while (live.phase === 'running') live.advance(11_000);
    const report = live.report();
    expect(report.verdict).toBe('pass');
    expect(report.metrics.hintsUsed).toEqual([0]);
    expect(report.breakdown.penalties).toEqual([{ name: 'hints', points: 7, detail: '1 hint revealed' }]);
    const replayed = new DrillRunner(d, { freeze: true, replay: report.log }).runToEnd();
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(report));
  });

  it('how the clock is advanced does not change the run', () => {
    const whole = new DrillRunner(drill('quick'), { freeze: true }).runToEnd();
    const stepped = new DrillRunner(drill('quick'), { freeze: true });
    stepped.start();
    while (stepped.phase === 'running') stepped.advance(1_234);
    expect(JSON.stringify(stepped.report())).toBe(JSON.stringify(whole));
  });

  it('the header status follows the drill', () => {
    const runner = new DrillRunner(drill('faulty'), withFake());
    runner.start();
    runner.advance(30_000);
    const s = runner.status();
    expect(s).toMatchObject({ name: 'faulty', title: 'Faulty test drill', phase: 'running', clockMs: 30_000, durationMs: 240_000, activeFaults: 1 });
    expect(s.objectives.map((o) => [o.name, o.status])).toEqual([['web restored', 'pending'], ['dead node cordoned', 'pending']]);
    runner.advance(1e9);
    expect(runner.status()).toMatchObject({ phase: 'finished', clockMs: 240_000 });
    expect(runner.status().objectives.map((o) => o.status)).toEqual(['passed', 'passed']);
  });

  it('aborts when the steady state does not hold before the faults', () => {
    const d = variant('quick', '{type: ready-replicas, name: web, min: 2}', '{type: ready-replicas, name: web, min: 5}');
    const runner = new DrillRunner(d, { freeze: true });
    const report = runner.runToEnd();
    expect(runner.phase).toBe('aborted');
    expect(report).toMatchObject({ verdict: 'aborted', clockMs: 0, steadyState: { beforeOk: false } });
    expect(report.reasons[0]).toBe('the steady state did not hold before the faults: the drill could not start');
    expect(report.objectives.map((o) => o.status)).toEqual(['skipped', 'skipped']);
    expect(report.log.actions).toEqual([]);
  });

  it('refuses a fault the injector rejects, at its file:line, before the clock starts', () => {
    const d = variant('faulty', 'name: workers-1}}', 'name: workers-9}}');
    const runner = new DrillRunner(d, withFake());
    let err: unknown;
    try {
      runner.start();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DrillInvalidError);
    expect((err as DrillInvalidError).diagnostics).toEqual([{
      severity: 'error', file: join(fixtures, 'faulty-variant.yaml'), line: 23, object: 'Drill/faulty',
      message: 'spec.timeline[0].actions[0].fault.target.name: no node matches workers-9',
    }]);
    expect(runner.phase).toBe('ready');
  });

  it('refuses an unknown fault type before the warm-up', () => {
    const d = variant('faulty', 'type: node-crash,', 'type: node-crush,');
    const runner = new DrillRunner(d, withFake());
    const before = runner.sim.now();
    expect(() => runner.start()).toThrow(/spec\.timeline\[0\]\.actions\[0\]\.fault\.type: unknown fault type "node-crush" \(known: node-crash, network-partition, zone-outage, scheduler-down, pod-kill\)/);
    expect(runner.sim.now()).toBe(before);
  });

  it('refuses traffic for a Service that does not exist', () => {
    const d = variant('quick', '{service: web, model: "50"}', '{service: webb, model: "50"}');
    expect(() => new DrillRunner(d, { freeze: true }).start()).toThrow(/quick-variant\.yaml:\d+: spec\.setup\.traffic\[0\]\.service: traffic: services "webb" not found in namespace "default"/);
  });

  it('counts pods the operator killed and budgets broken', () => {
    const runner = new DrillRunner(drill('quick'), { freeze: true, responses: false });
    runner.start();
    const pod = runner.sim.store.select<Pod>('Pod', { namespace: 'default' }).find((p) => p.metadata.labels?.app === 'web')!;
    // minAvailable 2 of 2 replicas: no disruption allowed, and deleting bypasses the Eviction API.
    expect(runner.perform({ action: 'delete', kind: 'Pod', namespace: 'default', name: pod.metadata.name! })).toMatchObject({ ok: true, message: `pod "${pod.metadata.name}" deleted` });
    expect([runner.podsKilled, runner.pdbViolations]).toEqual([1, 1]);
    // A failed action damages nothing.
    expect(runner.perform({ action: 'delete', kind: 'Pod', namespace: 'default', name: 'nope' })).toMatchObject({ ok: false, message: 'pods "nope" not found' });
    expect(runner.podsKilled).toBe(1);
    while (runner.phase === 'running') runner.advance(60_000);
    expect(runner.report().breakdown.penalties.map((p) => [p.name, p.points])).toEqual([['pods-killed', 2], ['pdb-violations', 10]]);
  });
});
