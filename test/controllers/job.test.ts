import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import { tableFor } from '../../source/api/print/index.js';
import { JobController } from '../../source/controllers/job/index.js';
import { createAll, settleAddons, testSimulation } from '../sim-helpers.js';
import { conditionsOf, eventsFor, getJob, job, jobSpec, podsOf, secondsBetween } from './job-helpers.js';

const jobSim = () => testSimulation({ components: (e) => [new JobController(e)] });
const row = (sim: ReturnType<typeof jobSim>, name: string) => tableFor('Job', [getJob(sim, name)], { nowMs: sim.now() }).rows[0]!.cells;

describe('JobController: NonIndexed completions', () => {
  it('runs a 3-completion, parallelism-2 Job to Complete with upstream status and events', () => {
    const sim = jobSim();
    createAll(sim, [job('pi', jobSpec({ completions: 3, parallelism: 2 }))]);
    let maxRunning = 0;
    sim.engine.advanceUntil(() => {
      const running = podsOf(sim, getJob(sim, 'pi')).filter((p) => p.status?.phase === 'Running').length;
      maxRunning = Math.max(maxRunning, running);
      return conditionsOf(getJob(sim, 'pi')).includes('Complete=True/CompletionsReached');
    }, 120_000);
    const j = getJob(sim, 'pi');
    expect(maxRunning).toBe(2);
    expect(conditionsOf(j)).toEqual(['SuccessCriteriaMet=True/CompletionsReached', 'Complete=True/CompletionsReached']);
    expect(j.status?.conditions?.[1]?.message).toBe('Reached expected number of succeeded pods');
    expect(j.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(j.status?.active).toBeUndefined();
    expect(j.status?.failed).toBeUndefined();
    expect(j.status?.completionTime).toBe(j.status?.conditions?.[1]?.lastTransitionTime);
    // Two waves of 10-second pods: at least 20 s, plus image pull and start-up.
    const took = secondsBetween(j.status?.startTime, j.status?.completionTime);
    expect(took).toBeGreaterThanOrEqual(20);
    expect(took).toBeLessThan(40);
    const pods = podsOf(sim, j);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toMatchObject({
        'batch.kubernetes.io/controller-uid': j.metadata.uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': j.metadata.uid, 'job-name': 'pi',
      });
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.status?.phase).toBe('Succeeded');
      expect(p.metadata.finalizers ?? []).not.toContain('batch.kubernetes.io/job-tracking'); // counted, so released
    }
    expect(eventsFor(sim, 'pi', 'Job')).toEqual([
      ...pods.map((p) => `Normal SuccessfulCreate: Created pod: ${p.metadata.name}`),
      'Normal Completed: Job completed',
    ]);
    expect(row(sim, 'pi').slice(0, 3)).toEqual(['pi', 'Complete', '3/3']);
  });

  it('keeps the tracking finalizer on running pods and shows Running, then counts each finished pod once', () => {
    const sim = jobSim();
    settleAddons(sim); // else the pod's image pull waits behind the addons' on its node
    createAll(sim, [job('once', jobSpec({ duration: '30s' }))]);
    sim.advance(10_000);
    const [pod] = podsOf(sim, getJob(sim, 'once'));
    expect(pod!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(getJob(sim, 'once').status).toMatchObject({ active: 1, ready: 1 });
    expect(row(sim, 'once').slice(1, 3)).toEqual(['Running', '0/1']);
    sim.advance(60_000);
    expect(getJob(sim, 'once').status?.succeeded).toBe(1);
    sim.advance(60_000);
    expect(getJob(sim, 'once').status?.succeeded).toBe(1);
  });

  it('completes a work-queue Job (completions unset) when one pod succeeds and the rest finish', () => {
    const sim = jobSim();
    createAll(sim, [job('queue', jobSpec({ parallelism: 3, completions: undefined }))]);
    expect(getJob(sim, 'queue').spec.completions).toBeUndefined();
    sim.advance(5_000);
    expect(podsOf(sim, getJob(sim, 'queue'))).toHaveLength(3);
    expect(row(sim, 'queue')[2]).toBe('0/1 of 3');
    sim.advance(60_000);
    const j = getJob(sim, 'queue');
    expect(conditionsOf(j)).toContain('Complete=True/CompletionsReached');
    expect(j.status?.succeeded).toBe(3);
    expect(podsOf(sim, j)).toHaveLength(3); // no replacement pods once one has succeeded
  });

  it('replaces a pod deleted mid-run after the 10 s failure back-off and counts it as failed', () => {
    const sim = jobSim();
    // The pod must be Running and Ready when deleted: a still-Pending pod's Ready=False dates from its creation,
    // and that is where upstream's getFinishedTime starts the back-off. So no image pull may queue behind the addons'.
    settleAddons(sim);
    // The process ignores SIGTERM (stop-time beyond the 30 s grace), so it is killed and the pod ends Failed.
    const spec = jobSpec({ duration: '60s' });
    spec.template.metadata!.annotations!['sim.kubedrill.io/stop-time'] = '2m';
    createAll(sim, [job('victim', spec)]);
    sim.advance(10_000);
    const [first] = podsOf(sim, getJob(sim, 'victim'));
    expect(first!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    sim.store.delete('Pod', 'default', first!.metadata.name!);
    const deletedAt = sim.now();
    const replaced = () => podsOf(sim, getJob(sim, 'victim')).some((p) => !p.metadata.deletionTimestamp);
    sim.engine.advanceUntil(replaced, 60_000);
    // A deleted pod is a failure (podReplacementPolicy TerminatingOrFailed), finished when its deletion was asked for.
    expect((sim.now() - deletedAt) / 1000).toBeCloseTo(10, 0);
    expect(getJob(sim, 'victim').status?.failed).toBe(1);
    sim.advance(120_000);
    expect(conditionsOf(getJob(sim, 'victim'))).toContain('Complete=True/CompletionsReached');
    expect(sim.store.tryGet('Pod', 'default', first!.metadata.name!)).toBeUndefined();
  });
});

describe('JobController: Indexed completion', () => {
  it('names pods <job>-<index>-<5>, sets hostname, annotation, label and env, and reports completedIndexes', () => {
    const sim = jobSim();
    createAll(sim, [job('idx', jobSpec({ completions: 4, parallelism: 2, completionMode: 'Indexed' }))]);
    sim.advance(3_000);
    const first = podsOf(sim, getJob(sim, 'idx'));
    expect(first.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
    for (const p of first) {
      const ix = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.spec.hostname).toBe(`idx-${ix}`);
      expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(ix);
      expect(p.spec.containers[0]!.env).toContainEqual({
        // apiVersion v1 comes from pod defaulting, as upstream.
        name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
      });
    }
    // After the first wave, two neighbouring indexes print as "0,1" (upstream's orderedIntervals.String).
    sim.engine.advanceUntil(() => getJob(sim, 'idx').status?.completedIndexes !== undefined, 60_000);
    expect(getJob(sim, 'idx').status?.completedIndexes).toBe('0,1');
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'idx')).includes('Complete=True/CompletionsReached'), 120_000);
    const j = getJob(sim, 'idx');
    expect(j.status).toMatchObject({ succeeded: 4, completedIndexes: '0-3' });
    expect(podsOf(sim, j).map((p) => p.spec.hostname).sort()).toEqual(['idx-0', 'idx-1', 'idx-2', 'idx-3']);
  });

  it('re-runs only the failed index', () => {
    const sim = jobSim();
    createAll(sim, [job('retry', { ...jobSpec({ completions: 3, parallelism: 3, completionMode: 'Indexed' }) })]);
    const j0 = getJob(sim, 'retry');
    // Index 1's pod fails: the container-specific exit code applies to it only.
    sim.advance(1_000);
    const victim = podsOf(sim, j0).find((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'] === '1')!;
    sim.store.delete('Pod', 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'retry')).includes('Complete=True/CompletionsReached'), 120_000);
    const j = getJob(sim, 'retry');
    expect(j.status).toMatchObject({ succeeded: 3, failed: 1, completedIndexes: '0-2' });
    const indexes = podsOf(sim, j).map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    expect(indexes).toEqual(['0', '1', '2']); // the deleted pod is gone; one replacement for index 1
  });
});

describe('JobController: failures', () => {
  it('retries failed pods with 10 s, 20 s, 40 s back-off, then fails with BackoffLimitExceeded after all pods end', () => {
    const sim = jobSim();
    createAll(sim, [job('flaky', jobSpec({ duration: '2s', exitCode: 1, backoffLimit: 3 }))]);
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'flaky')).includes('Failed=True/BackoffLimitExceeded'), 600_000);
    const j = getJob(sim, 'flaky');
    const pods = podsOf(sim, j).sort((a, b) => Date.parse(a.metadata.creationTimestamp!) - Date.parse(b.metadata.creationTimestamp!));
    expect(pods).toHaveLength(4); // the first try plus backoffLimit retries
    for (const p of pods) expect(p.status?.phase).toBe('Failed');
    const finished = (p: Pod) => p.status!.containerStatuses![0]!.state!.terminated!.finishedAt!;
    const gaps = pods.slice(1).map((p, i) => secondsBetween(finished(pods[i]!), p.metadata.creationTimestamp));
    expect(gaps).toEqual([10, 20, 40]);
    expect(conditionsOf(j)).toEqual(['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
    expect(j.status?.conditions?.[1]?.message).toBe('Job has reached the specified backoff limit');
    expect(j.status).toMatchObject({ failed: 4, ready: 0, terminating: 0 });
    expect(j.status?.completionTime).toBeUndefined();
    expect(eventsFor(sim, 'flaky', 'Job').at(-1)).toBe('Warning BackoffLimitExceeded: Job has reached the specified backoff limit');
    expect(row(sim, 'flaky').slice(1, 3)).toEqual(['Failed', '0/1']);
  });

  it('with restartPolicy OnFailure, counts container restarts toward backoffLimit and deletes the pod when it gives up', () => {
    const sim = jobSim();
    createAll(sim, [job('crashy', jobSpec({ duration: '2s', exitCode: 1, backoffLimit: 2, restartPolicy: 'OnFailure' }))]);
    const start = sim.now();
    let restarts = 0;
    sim.engine.advanceUntil(() => {
      for (const p of podsOf(sim, getJob(sim, 'crashy'))) restarts = Math.max(restarts, p.status?.containerStatuses?.[0]?.restartCount ?? 0);
      return conditionsOf(getJob(sim, 'crashy')).includes('Failed=True/BackoffLimitExceeded');
    }, 300_000);
    // The kubelet restarts the container in place (10 s back-off); the second restart reaches the limit.
    expect(restarts).toBe(2);
    expect((sim.now() - start) / 1000).toBeGreaterThan(12);
    expect((sim.now() - start) / 1000).toBeLessThan(30);
    const j = getJob(sim, 'crashy');
    expect(conditionsOf(j)).toEqual(['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
    expect(j.status).toMatchObject({ failed: 1, terminating: 0 });
    const events = eventsFor(sim, 'crashy', 'Job');
    expect(events.filter((e) => e.includes('SuccessfulCreate'))).toHaveLength(1); // never a second pod
    expect(events.filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(1); // the Job deleted its pod to stop it
    expect(podsOf(sim, j)).toHaveLength(0);
  });

  it('fails at once with backoffLimit 0', () => {
    const sim = jobSim();
    createAll(sim, [job('once', jobSpec({ duration: '1s', exitCode: 3, backoffLimit: 0 }))]);
    sim.advance(30_000);
    expect(conditionsOf(getJob(sim, 'once'))).toContain('Failed=True/BackoffLimitExceeded');
    expect(podsOf(sim, getJob(sim, 'once'))).toHaveLength(1);
  });

  it('stops a Job past activeDeadlineSeconds: FailureTarget, pods terminated, then Failed DeadlineExceeded', () => {
    const sim = jobSim();
    createAll(sim, [job('slow', jobSpec({ duration: '10m', activeDeadlineSeconds: 30, parallelism: 2, completions: 2 }))]);
    const start = sim.now();
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'slow')).includes('FailureTarget=True/DeadlineExceeded'), 120_000);
    expect((sim.now() - start) / 1000).toBeCloseTo(30, 0);
    const mid = getJob(sim, 'slow');
    expect(conditionsOf(mid)).not.toContain('Failed=True/DeadlineExceeded'); // pods are still terminating
    expect(mid.status?.terminating).toBe(2);
    expect(row(sim, 'slow')[1]).toBe('FailureTarget');
    for (const p of podsOf(sim, mid)) expect(p.metadata.deletionTimestamp).toBeDefined();
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'slow')).includes('Failed=True/DeadlineExceeded'), 120_000);
    const j = getJob(sim, 'slow');
    expect(j.status?.conditions?.at(-1)?.message).toBe('Job was active longer than specified deadline');
    expect(j.status).toMatchObject({ failed: 2, terminating: 0 });
    expect(eventsFor(sim, 'slow', 'Job')).toContain('Warning DeadlineExceeded: Job was active longer than specified deadline');
    sim.advance(60_000);
    expect(podsOf(sim, j)).toHaveLength(0);
  });

  it('podFailurePolicy: FailJob on a matching exit code, Ignore does not count toward backoffLimit', () => {
    const sim = jobSim();
    const policy = (action: 'FailJob' | 'Ignore', code: number) => ({ rules: [{ action, onExitCodes: { operator: 'In' as const, values: [code] } }] });
    createAll(sim, [
      job('fatal', jobSpec({ duration: '2s', exitCode: 42, podFailurePolicy: policy('FailJob', 42) })),
      job('tolerant', jobSpec({ duration: '2s', exitCode: 7, backoffLimit: 1, podFailurePolicy: policy('Ignore', 7) })),
    ]);
    sim.advance(40_000);
    const fatal = getJob(sim, 'fatal');
    expect(conditionsOf(fatal)).toEqual(['FailureTarget=True/PodFailurePolicy', 'Failed=True/PodFailurePolicy']);
    const [pod] = podsOf(sim, fatal);
    expect(fatal.status?.conditions?.[1]?.message).toBe(`Container work for pod default/${pod!.metadata.name} failed with exit code 42 matching FailJob rule at index 0`);
    expect(podsOf(sim, fatal)).toHaveLength(1); // no retry despite backoffLimit 6
    sim.advance(120_000);
    const tolerant = getJob(sim, 'tolerant');
    expect(tolerant.status?.failed).toBeUndefined(); // ignored failures are not counted
    expect(podsOf(sim, tolerant).length).toBeGreaterThan(2); // yet the pods are replaced, past backoffLimit 1
    expect(conditionsOf(tolerant).some((c) => c.startsWith('Failed'))).toBe(false);
  });
});

describe('JobController: suspend, TTL and deletion', () => {
  it('creates no pods while suspended, deletes active pods on suspend, and restarts the clock on resume', () => {
    const sim = jobSim();
    createAll(sim, [job('paused', jobSpec({ duration: '60s', suspend: true }))]);
    sim.advance(5_000);
    let j = getJob(sim, 'paused');
    expect(podsOf(sim, j)).toHaveLength(0);
    expect(j.status?.startTime).toBeUndefined();
    expect(conditionsOf(j)).toEqual(['Suspended=True/JobSuspended']);
    expect(row(sim, 'paused')[1]).toBe('Suspended');
    sim.store.patch('Job', 'default', 'paused', 'merge', { spec: { suspend: false } });
    sim.advance(10_000);
    j = getJob(sim, 'paused');
    expect(conditionsOf(j)).toEqual(['Suspended=False/JobResumed']);
    expect(podsOf(sim, j).filter((p) => p.status?.phase === 'Running')).toHaveLength(1);
    sim.store.patch('Job', 'default', 'paused', 'merge', { spec: { suspend: true } });
    sim.advance(1_000);
    j = getJob(sim, 'paused');
    expect(podsOf(sim, j).every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(j.status?.failed).toBeUndefined(); // pods removed by suspension are not failures
    // The second suspension folds into the first event (same reason and message within 10 minutes).
    expect(eventsFor(sim, 'paused', 'Job').filter((e) => /Suspended|Resumed/.test(e))).toEqual([
      'Normal Suspended: Job suspended (x2)', 'Normal Resumed: Job resumed',
    ]);
  });

  it('deletes a finished Job ttlSecondsAfterFinished after it finished, pods included', async () => {
    const { TtlAfterFinishedController } = await import('../../source/controllers/job/index.js');
    const sim = testSimulation({ components: (e) => [new JobController(e), new TtlAfterFinishedController(e)] });
    createAll(sim, [job('short', jobSpec({ duration: '5s', ttlSecondsAfterFinished: 20 }))]);
    sim.engine.advanceUntil(() => conditionsOf(getJob(sim, 'short')).includes('Complete=True/CompletionsReached'), 60_000);
    const done = getJob(sim, 'short');
    const finishedAt = Date.parse(done.status!.completionTime!);
    sim.engine.advanceUntil(() => !sim.store.tryGet('Job', 'default', 'short'), 120_000);
    expect((sim.now() - finishedAt) / 1000).toBeGreaterThanOrEqual(20);
    expect((sim.now() - finishedAt) / 1000).toBeLessThan(21);
    expect(podsOf(sim, done)).toHaveLength(0);
  });

  it('lets the pods of a deleted Job go (their tracking finalizers are removed)', () => {
    const sim = jobSim();
    createAll(sim, [job('gone', jobSpec({ duration: '10m', parallelism: 2, completions: 2 }))]);
    sim.advance(10_000);
    const j = getJob(sim, 'gone');
    sim.store.delete('Job', 'default', 'gone', { propagationPolicy: 'Background' });
    sim.advance(60_000);
    expect(podsOf(sim, j)).toHaveLength(0);
    expect(sim.store.select<Pod>('Pod', { namespace: 'default' })).toHaveLength(0);
  });

  it('converges after a foreign status write races with it', () => {
    const sim = jobSim();
    createAll(sim, [job('plain', jobSpec())]);
    const j = getJob(sim, 'plain');
    sim.store.updateStatus({ ...j, status: { ...j.status, active: 99 } });
    sim.advance(60_000);
    expect(conditionsOf(getJob(sim, 'plain'))).toContain('Complete=True/CompletionsReached');
    expect(getJob(sim, 'plain').status?.active).toBeUndefined();
  });
});

describe('JobController: ownership edge cases', () => {
  const stray = (finalizers?: string[]): Pod => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'stray', namespace: 'default', labels: { app: 'batch' }, annotations: { 'sim.kubedrill.io/duration': '20s' }, finalizers },
    spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36' }] },
  });

  it('adopts an orphan pod its manual selector matches, and counts it instead of creating one', () => {
    const sim = jobSim();
    createAll(sim, [stray()]);
    const spec = jobSpec({ manualSelector: true, selector: { matchLabels: { app: 'batch' } } });
    spec.template.metadata!.labels = { app: 'batch' };
    createAll(sim, [job('adopter', spec)]);
    sim.advance(2_000);
    const j = getJob(sim, 'adopter');
    const pods = podsOf(sim, j);
    expect(pods.map((p) => p.metadata.name)).toEqual(['stray']);
    expect(pods[0]!.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pods[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Job', name: 'adopter', controller: true });
    sim.advance(60_000);
    expect(getJob(sim, 'adopter').status?.succeeded).toBe(1);
    expect(podsOf(sim, j)).toHaveLength(1);
  });

  it('removes the tracking finalizer from a pod no Job owns', () => {
    const sim = jobSim();
    createAll(sim, [stray(['batch.kubernetes.io/job-tracking', 'example.com/keep'])]);
    sim.advance(1_000);
    expect(sim.store.get<Pod>('Pod', 'default', 'stray').metadata.finalizers).toEqual(['example.com/keep']);
  });
});
