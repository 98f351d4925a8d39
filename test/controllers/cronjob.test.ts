import { describe, expect, it } from 'vitest';
import { isApiError } from '../../source/api/errors.js';
import { tableFor } from '../../source/api/print/index.js';
import type { CronJob, Job } from '../../source/api/workloads.js';
import { CronJobController, triggerCronJob } from '../../source/controllers/cronjob/index.js';
import { JobController } from '../../source/controllers/job/index.js';
import { createAll, testSimulation } from '../sim-helpers.js';
import { conditionsOf, eventsFor, jobSpec } from './job-helpers.js';

const MIN = 60_000;
/** The cluster's virtual clock starts at 2026-01-01T00:00:00Z. */
const at = (h: number, m: number, day = 1) => Date.UTC(2026, 0, day, h, m);
const minutes = (ms: number) => Math.floor(ms / MIN);

function cronSim() {
  let controller!: CronJobController;
  const sim = testSimulation({ components: (e) => [new JobController(e), (controller = new CronJobController(e))] });
  return { sim, controller };
}

function cronJob(name: string, spec: Partial<CronJob['spec']> & { duration?: string; exitCode?: number }): CronJob {
  const { duration = '30s', exitCode, ...rest } = spec;
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' },
    spec: { schedule: '*/5 * * * *', ...rest, jobTemplate: { metadata: { labels: { team: 'ops' } }, spec: jobSpec({ duration, exitCode, backoffLimit: 0 }) } },
  };
}

const jobsOf = (sim: ReturnType<typeof cronSim>['sim'], name: string) =>
  sim.store.select<Job>('Job', { namespace: 'default' }).filter((j) => j.metadata.ownerReferences?.[0]?.name === name)
    .sort((a, b) => Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!));
const getCron = (sim: ReturnType<typeof cronSim>['sim'], name: string) => sim.store.get<CronJob>('CronJob', 'default', name);

describe('CronJobController: schedules in virtual time', () => {
  it('creates */5 Jobs at 00:05, 00:10, 00:15 named <cronjob>-<minutes>, with status and events', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('tick', {})]);
    sim.advance(at(0, 16) - sim.now());
    const jobs = jobsOf(sim, 'tick');
    expect(jobs.map((j) => j.metadata.name)).toEqual([at(0, 5), at(0, 10), at(0, 15)].map((t) => `tick-${minutes(t)}`));
    expect(jobs.map((j) => j.metadata.name)).toEqual(['tick-29453765', 'tick-29453770', 'tick-29453775']);
    // Created 100 ms after the scheduled minute (nextScheduleDelta), stamped at second precision.
    expect(jobs.map((j) => j.metadata.creationTimestamp)).toEqual(['2026-01-01T00:05:00Z', '2026-01-01T00:10:00Z', '2026-01-01T00:15:00Z']);
    const cj = getCron(sim, 'tick');
    for (const j of jobs) {
      expect(j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(new Date(Date.parse(j.metadata.creationTimestamp!)).toISOString().replace('.000Z', 'Z'));
      expect(j.metadata.labels).toMatchObject({ team: 'ops' });
      expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    expect(cj.status?.lastScheduleTime).toBe('2026-01-01T00:15:00Z');
    expect(cj.status?.active).toBeUndefined(); // the 00:15 run (30 s) is done by 00:16
    expect(cj.status?.lastSuccessfulTime).toBe(jobs[2]!.status?.completionTime);
    expect(eventsFor(sim, 'tick', 'CronJob')).toEqual(jobs.flatMap((j) => [
      `Normal SuccessfulCreate: Created job ${j.metadata.name}`, `Normal SawCompletedJob: Saw completed job: ${j.metadata.name}, condition: Complete`,
    ]));
    const cells = tableFor('CronJob', [cj], { nowMs: sim.now() }).rows[0]!.cells;
    expect(cells.slice(0, 6)).toEqual(['tick', '*/5 * * * *', '<none>', 'False', '0', '60s']);
  });

  it('requeues itself for the next scheduled time instead of polling', () => {
    const { sim, controller } = cronSim();
    createAll(sim, [cronJob('quiet', { schedule: '0 * * * *' })]);
    sim.advance(10 * MIN);
    expect(controller.nextSync(getCron(sim, 'quiet'))).toBe(at(1, 0) + 100);
    const before = controller.reconciles;
    sim.advance(40 * MIN);
    expect(controller.reconciles).toBe(before); // nothing to do between runs, so nothing was done
    sim.advance(11 * MIN);
    expect(jobsOf(sim, 'quiet').map((j) => j.metadata.name)).toEqual([`quiet-${minutes(at(1, 0))}`]);
  });

  it('Forbid holds a run while the previous Job is active (JobAlreadyActive); it starts late unless startingDeadlineSeconds has passed', () => {
    const { sim } = cronSim();
    createAll(sim, [
      cronJob('single', { concurrencyPolicy: 'Forbid', duration: '7m' }),
      cronJob('strict', { concurrencyPolicy: 'Forbid', duration: '7m', startingDeadlineSeconds: 60 }),
    ]);
    sim.advance(at(0, 11) - sim.now());
    for (const name of ['single', 'strict']) {
      expect(jobsOf(sim, name).map((j) => j.metadata.name)).toEqual([`${name}-${minutes(at(0, 5))}`]);
      expect(eventsFor(sim, name, 'CronJob')).toContain('Normal JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid');
    }
    sim.advance(at(0, 14) - sim.now());
    // The 00:05 run ends around 00:12. Without a deadline the held 00:10 run starts then, as upstream does;
    // with startingDeadlineSeconds 60 it is too late and waits for 00:15.
    const late = jobsOf(sim, 'single');
    expect(late.map((j) => j.metadata.name)).toEqual([at(0, 5), at(0, 10)].map((t) => `single-${minutes(t)}`));
    expect(Date.parse(late[1]!.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(at(0, 12));
    expect(jobsOf(sim, 'strict')).toHaveLength(1);
    sim.advance(at(0, 16) - sim.now());
    expect(jobsOf(sim, 'strict').map((j) => j.metadata.name)).toEqual([at(0, 5), at(0, 15)].map((t) => `strict-${minutes(t)}`));
  });

  it('Replace deletes the running Job and starts the new one', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('fresh', { concurrencyPolicy: 'Replace', duration: '7m' })]);
    sim.advance(at(0, 6) - sim.now());
    const first = jobsOf(sim, 'fresh')[0]!;
    sim.advance(at(0, 10, 1) + 1000 - sim.now());
    expect(sim.store.tryGet('Job', 'default', first.metadata.name!)).toBeUndefined();
    const jobs = jobsOf(sim, 'fresh');
    expect(jobs.map((j) => j.metadata.name)).toEqual([`fresh-${minutes(at(0, 10))}`]);
    expect(getCron(sim, 'fresh').status?.active?.map((r) => r.name)).toEqual([`fresh-${minutes(at(0, 10))}`]);
    expect(eventsFor(sim, 'fresh', 'CronJob').slice(-2)).toEqual([
      `Normal SuccessfulDelete: Deleted job ${first.metadata.name}`, `Normal SuccessfulCreate: Created job fresh-${minutes(at(0, 10))}`,
    ]);
  });

  it('Allow runs overlapping Jobs side by side', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('many', { duration: '12m' })]);
    sim.advance(at(0, 16) - sim.now());
    expect(getCron(sim, 'many').status?.active?.map((r) => r.name)).toEqual([5, 10, 15].map((m) => `many-${minutes(at(0, m))}`));
    expect(tableFor('CronJob', [getCron(sim, 'many')], { nowMs: sim.now() }).rows[0]!.cells[4]).toBe('3');
  });

  it('prunes finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit (default 1)', () => {
    const { sim } = cronSim();
    createAll(sim, [
      cronJob('keep2', { schedule: '* * * * *', successfulJobsHistoryLimit: 2, duration: '10s' }),
      cronJob('broken', { schedule: '* * * * *', duration: '5s', exitCode: 1 }),
    ]);
    sim.advance(at(0, 5, 1) + 50_000 - sim.now());
    expect(jobsOf(sim, 'keep2').map((j) => j.metadata.name)).toEqual([4, 5].map((m) => `keep2-${minutes(at(0, m))}`));
    const broken = jobsOf(sim, 'broken');
    expect(broken.map((j) => j.metadata.name)).toEqual([`broken-${minutes(at(0, 5))}`]);
    expect(conditionsOf(broken[0]!)).toContain('Failed=True/BackoffLimitExceeded');
    expect(eventsFor(sim, 'keep2', 'CronJob')).toContain(`Normal SuccessfulDelete: Deleted job keep2-${minutes(at(0, 1))}`);
    // The pruned Jobs' pods go with them (background propagation).
    expect(sim.store.select('Pod', { namespace: 'default' }).length).toBeLessThanOrEqual(4);
  });

  it('does nothing while suspended, and on resume starts only the most recent missed run', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('nap', { suspend: true })]);
    sim.advance(at(0, 12) - sim.now());
    expect(jobsOf(sim, 'nap')).toHaveLength(0);
    sim.store.patch('CronJob', 'default', 'nap', 'merge', { spec: { suspend: false } });
    sim.advance(1000);
    expect(jobsOf(sim, 'nap').map((j) => j.metadata.name)).toEqual([`nap-${minutes(at(0, 10))}`]);
    expect(tableFor('CronJob', [getCron(sim, 'nap')], { nowMs: sim.now() }).rows[0]!.cells[3]).toBe('False');
  });

  it('evaluates the schedule in spec.timeZone', () => {
    const { sim } = cronSim();
    createAll(sim, [
      cronJob('berlin', { schedule: '0 3 * * *', timeZone: 'Europe/Berlin' }),
      cronJob('utc', { schedule: '0 3 * * *' }),
    ]);
    sim.advance(at(3, 30) - sim.now());
    const [berlin] = jobsOf(sim, 'berlin');
    // 03:00 in Berlin (UTC+1 in January) is 02:00 UTC.
    expect(berlin!.metadata.name).toBe(`berlin-${minutes(at(2, 0))}`);
    expect(berlin!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-01T03:00:00+01:00');
    expect(jobsOf(sim, 'utc').map((j) => j.metadata.name)).toEqual([`utc-${minutes(at(3, 0))}`]);
    expect(tableFor('CronJob', [getCron(sim, 'berlin')], { nowMs: sim.now() }).rows[0]!.cells[2]).toBe('Europe/Berlin');
  });
});

describe('CronJob bad input', () => {
  it('rejects TZ= in the schedule and an unknown timeZone at admission, with upstream messages', () => {
    const { sim } = cronSim();
    const refuse = (cj: CronJob) => {
      try {
        sim.store.create(cj);
      } catch (e) {
        return (e as Error).message;
      }
      return 'created';
    };
    expect(refuse(cronJob('tz', { schedule: 'TZ=UTC */5 * * * *' }))).toBe(
      'CronJob.batch "tz" is invalid: spec.schedule: Invalid value: "TZ=UTC */5 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
    expect(refuse(cronJob('mars', { timeZone: 'Mars/Olympus' }))).toBe(
      'CronJob.batch "mars" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
  });

  it('leaves a same-named Job it does not own alone and carries on at the next run', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('dup', {})]);
    const cj = getCron(sim, 'dup');
    // Someone else created the 00:05 Job first (not owned by the CronJob): the controller leaves it alone.
    createAll(sim, [{ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: `dup-${minutes(at(0, 5))}`, namespace: 'default' }, spec: jobSpec({ duration: '10s' }) }]);
    sim.advance(at(0, 11) - sim.now());
    expect(getCron(sim, 'dup').status?.lastScheduleTime).toBe('2026-01-01T00:10:00Z');
    expect(jobsOf(sim, 'dup').map((j) => j.metadata.name)).toEqual([`dup-${minutes(at(0, 10))}`]);
    expect(cj.metadata.uid).toBeDefined();
  });
});

describe('CronJobController: missed schedules', () => {
  it('skips runs missed by more than startingDeadlineSeconds while the controller was down', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('strict', { startingDeadlineSeconds: 60 }), cronJob('lenient', {})]);
    sim.advance(at(0, 4) - sim.now());
    sim.engine.setRunning('cronjob-controller', false);
    sim.advance(at(0, 7) - sim.now());
    sim.engine.setRunning('cronjob-controller', true);
    sim.advance(1000);
    // 00:05 was missed by 2 minutes: too late for the 60 s deadline, still fine without one.
    expect(jobsOf(sim, 'strict')).toHaveLength(0);
    expect(jobsOf(sim, 'lenient').map((j) => j.metadata.name)).toEqual([`lenient-${minutes(at(0, 5))}`]);
    sim.advance(at(0, 11) - sim.now());
    expect(jobsOf(sim, 'strict').map((j) => j.metadata.name)).toEqual([`strict-${minutes(at(0, 10))}`]);
  });

  it('warns TooManyMissedTimes past 100 missed runs and still starts the most recent one', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('every-minute', { schedule: '* * * * *', duration: '5s' })]);
    sim.engine.setRunning('cronjob-controller', false);
    sim.advance(150 * MIN + 30_000);
    sim.engine.setRunning('cronjob-controller', true);
    sim.advance(1000);
    expect(eventsFor(sim, 'every-minute', 'CronJob')).toContain('Warning TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(jobsOf(sim, 'every-minute').map((j) => j.metadata.name)).toEqual([`every-minute-${minutes(at(2, 30))}`]);
  });

  it('reports a schedule that can never fire as InvalidSchedule, without crashing', () => {
    const { sim, controller } = cronSim();
    createAll(sim, [cronJob('feb31', { schedule: '59 23 31 2 *' }), cronJob('ok', {})]);
    sim.advance(6 * MIN);
    expect(eventsFor(sim, 'feb31', 'CronJob')).toEqual(['Warning InvalidSchedule: invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second']);
    expect(controller.nextSync(getCron(sim, 'feb31'))).toBeUndefined();
    expect(jobsOf(sim, 'ok')).toHaveLength(1);
  });
});

describe('triggerCronJob (kubectl create job --from=cronjob/<name>)', () => {
  it('creates <cronjob>-manual-<5> with the instantiate annotation and a controller reference, which the controller flags', () => {
    const { sim } = cronSim();
    createAll(sim, [cronJob('report', { schedule: '0 0 * * *' })]);
    sim.advance(1000);
    const j = triggerCronJob(sim.store, 'default', 'report', sim.now());
    expect(j.metadata.name).toMatch(/^report-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(j.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(j.metadata.labels).toMatchObject({ team: 'ops' });
    const cj = getCron(sim, 'report');
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: cj.metadata.uid, controller: true }]);
    sim.advance(2000);
    // Upstream warns on every sync while the manual Job runs; the recorder folds the repeats into one event.
    expect(eventsFor(sim, 'report', 'CronJob')[0]).toMatch(new RegExp(`^Warning UnexpectedJob: Saw a job that the controller did not create or forgot: ${j.metadata.name}( \\(x\\d+\\))?$`));
    expect(getCron(sim, 'report').status?.active).toBeUndefined();
    sim.advance(60_000);
    const done = sim.store.get<Job>('Job', 'default', j.metadata.name!);
    expect(conditionsOf(done)).toContain('Complete=True/CompletionsReached');
    expect(getCron(sim, 'report').status?.lastSuccessfulTime).toBe(done.status?.completionTime);
    expect(getCron(sim, 'report').status?.lastScheduleTime).toBeUndefined();
  });

  it('refuses a CronJob that does not exist with NotFound', () => {
    const { sim } = cronSim();
    let err: unknown;
    try {
      triggerCronJob(sim.store, 'default', 'nope', sim.now());
    } catch (e) {
      err = e;
    }
    expect(isApiError(err, 'NotFound')).toBe(true);
    expect((err as Error).message).toBe('cronjobs.batch "nope" not found');
  });

  it('deleting the CronJob removes its Jobs and stops scheduling', () => {
    const { sim, controller } = cronSim();
    createAll(sim, [cronJob('bye', { duration: '10m' })]);
    sim.advance(at(0, 6) - sim.now());
    const cj = getCron(sim, 'bye');
    sim.store.delete('CronJob', 'default', 'bye');
    sim.advance(20 * MIN);
    expect(jobsOf(sim, 'bye')).toHaveLength(0);
    expect(controller.nextSync(cj)).toBeUndefined();
  });
});
