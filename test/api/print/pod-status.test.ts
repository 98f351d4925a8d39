import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../source/api/core.js';
import { podReady, podRestarts, podStatusReason, podSummary } from '../../../source/api/print/pod-status.js';
import { M, NOW, S, ago, obj } from './helpers.js';

/** A pod with the given spec containers / init containers and status. */
function pod(opts: {
  containers?: string[]; init?: { name: string; sidecar?: boolean }[]; status?: Record<string, unknown>;
  meta?: Record<string, unknown>; readinessGates?: string[];
}): Pod {
  return obj('v1', 'Pod', 'web-7d9f8c6b5-x2k4p', {
    spec: {
      containers: (opts.containers ?? ['app']).map((name) => ({ name, image: 'nginx:1.27' })),
      initContainers: opts.init?.map((c) => ({ name: c.name, image: 'busybox', ...(c.sidecar ? { restartPolicy: 'Always' } : {}) })),
    },
    status: opts.status,
  }, opts.meta) as Pod;
}

const running = (name: string, ready = true, extra: Record<string, unknown> = {}) =>
  ({ name, ready, restartCount: 0, image: 'nginx:1.27', imageID: '', started: true, state: { running: { startedAt: ago(4 * M) } }, ...extra });
const waiting = (name: string, reason: string, extra: Record<string, unknown> = {}) =>
  ({ name, ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { waiting: { reason } }, ...extra });
const terminated = (name: string, t: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ name, ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: { terminated: { exitCode: 0, ...t } }, ...extra });
const cond = (type: string, status: string, reason?: string) => ({ type, status, ...(reason ? { reason } : {}) });

describe('podStatusReason / podReady (printPod)', () => {
  it('a running, ready pod', () => {
    const p = pod({ status: { phase: 'Running', conditions: [cond('Ready', 'True')], containerStatuses: [running('app')] } });
    expect(podStatusReason(p)).toBe('Running');
    expect(podReady(p)).toBe('1/1');
    expect(podRestarts(p, NOW)).toBe('0');
  });

  it('a pending pod without statuses shows its phase and 0/N', () => {
    const p = pod({ containers: ['app', 'proxy'], status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'Unschedulable')] } });
    expect(podStatusReason(p)).toBe('Pending');
    expect(podReady(p)).toBe('0/2');
  });

  it('SchedulingGated overrides the phase', () => {
    const p = pod({ status: { phase: 'Pending', conditions: [cond('PodScheduled', 'False', 'SchedulingGated')] } });
    expect(podStatusReason(p)).toBe('SchedulingGated');
  });

  it('waiting reasons: ContainerCreating, CrashLoopBackOff', () => {
    expect(podStatusReason(pod({ status: { phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] } })))
      .toBe('ContainerCreating');
    const crash = pod({
      status: {
        phase: 'Running',
        containerStatuses: [waiting('app', 'CrashLoopBackOff', {
          restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(2 * M + 10 * S) } },
        })],
      },
    });
    expect(podStatusReason(crash)).toBe('CrashLoopBackOff');
    expect(podReady(crash)).toBe('0/1');
    expect(podRestarts(crash, NOW)).toBe('5 (2m10s ago)');
  });

  it('the first container wins: statuses are walked from last to first', () => {
    const p = pod({
      containers: ['app', 'sidecar'],
      status: { phase: 'Pending', containerStatuses: [waiting('app', 'ErrImagePull'), waiting('sidecar', 'CrashLoopBackOff')] },
    });
    expect(podStatusReason(p)).toBe('ErrImagePull');
    const q = pod({ containers: ['app', 'proxy'], status: { phase: 'Running', containerStatuses: [running('app'), waiting('proxy', 'ImagePullBackOff')] } });
    expect(podStatusReason(q)).toBe('ImagePullBackOff');
    expect(podReady(q)).toBe('1/2');
  });

  it('terminated reasons, Signal:<n> and ExitCode:<n>', () => {
    const t = (term: Record<string, unknown>, phase = 'Failed') =>
      podStatusReason(pod({ status: { phase, containerStatuses: [terminated('app', term)] } }));
    expect(t({ reason: 'Completed' }, 'Succeeded')).toBe('Completed');
    expect(t({ exitCode: 1, reason: 'Error' })).toBe('Error');
    expect(t({ exitCode: 137, reason: 'OOMKilled' })).toBe('OOMKilled');
    expect(t({ exitCode: 137, signal: 9 })).toBe('Signal:9');
    expect(t({ exitCode: 3 })).toBe('ExitCode:3');
    expect(t({}, 'Running')).toBe('ExitCode:0');
  });

  it('Completed with a container still running shows Running if the pod is Ready, else NotReady', () => {
    const status = (ready: string) => ({
      phase: 'Running', conditions: [cond('Ready', ready)],
      containerStatuses: [terminated('app', { reason: 'Completed' }), running('proxy', ready === 'True')],
    });
    expect(podStatusReason(pod({ containers: ['app', 'proxy'], status: status('True') }))).toBe('Running');
    expect(podReady(pod({ containers: ['app', 'proxy'], status: status('True') }))).toBe('1/2');
    const notReady = pod({
      containers: ['app', 'proxy'],
      status: { phase: 'Running', conditions: [cond('Ready', 'False')], containerStatuses: [terminated('app', { reason: 'Completed' }), running('proxy', true)] },
    });
    expect(podStatusReason(notReady)).toBe('NotReady');
  });

  it('Init:<i>/<n> while init containers run, Init:<reason> when one fails', () => {
    const init = [{ name: 'migrate' }, { name: 'seed' }];
    const s = (initStatuses: unknown[]) =>
      pod({ init, status: { phase: 'Pending', conditions: [cond('Initialized', 'False')], initContainerStatuses: initStatuses, containerStatuses: [waiting('app', 'PodInitializing')] } });
    expect(podStatusReason(s([terminated('migrate', { reason: 'Completed' }), running('seed', false)]))).toBe('Init:1/2');
    expect(podStatusReason(s([waiting('migrate', 'PodInitializing'), waiting('seed', 'PodInitializing')]))).toBe('Init:0/2');
    expect(podStatusReason(s([waiting('migrate', 'CrashLoopBackOff'), waiting('seed', 'PodInitializing')]))).toBe('Init:CrashLoopBackOff');
    expect(podStatusReason(s([waiting('migrate', 'ErrImagePull')]))).toBe('Init:ErrImagePull');
    expect(podStatusReason(s([terminated('migrate', { exitCode: 1, reason: 'Error' })]))).toBe('Init:Error');
    expect(podStatusReason(s([terminated('migrate', { exitCode: 3 })]))).toBe('Init:ExitCode:3');
    expect(podStatusReason(s([terminated('migrate', { exitCode: 143, signal: 15 })]))).toBe('Init:Signal:15');
    expect(podReady(s([running('migrate', false)]))).toBe('0/1');
  });

  it('once the Initialized condition is True the regular containers are walked too', () => {
    const initStatuses = [waiting('migrate', 'CrashLoopBackOff')];
    const p = pod({
      init: [{ name: 'migrate' }],
      status: { phase: 'Running', conditions: [cond('Initialized', 'True')], initContainerStatuses: initStatuses, containerStatuses: [running('app')] },
    });
    // Upstream only overwrites the reason from a waiting/terminated container; running ones just count as ready.
    expect(podStatusReason(p)).toBe('Init:CrashLoopBackOff');
    expect(podReady(p)).toBe('1/1');
    const q = pod({
      init: [{ name: 'migrate' }],
      status: { phase: 'Running', conditions: [cond('Initialized', 'True')], initContainerStatuses: initStatuses, containerStatuses: [waiting('app', 'CreateContainerConfigError')] },
    });
    expect(podStatusReason(q)).toBe('CreateContainerConfigError');
    const r = pod({
      init: [{ name: 'migrate' }],
      status: { phase: 'Running', conditions: [cond('Initialized', 'False')], initContainerStatuses: initStatuses, containerStatuses: [running('app')] },
    });
    expect(podReady(r)).toBe('0/1');
  });

  it('restartable init containers (sidecars) count toward READY and RESTARTS', () => {
    const p = pod({
      init: [{ name: 'istio-proxy', sidecar: true }],
      status: {
        phase: 'Running', conditions: [cond('Initialized', 'True'), cond('Ready', 'True')],
        initContainerStatuses: [running('istio-proxy', true, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(7 * M) } } })],
        containerStatuses: [running('app', true, { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: ago(3 * M + 5 * S) } } })],
      },
    });
    expect(podReady(p)).toBe('2/2');
    expect(podStatusReason(p)).toBe('Running');
    expect(podRestarts(p, NOW)).toBe('3 (3m5s ago)');
    const starting = pod({
      init: [{ name: 'istio-proxy', sidecar: true }],
      status: { phase: 'Pending', initContainerStatuses: [running('istio-proxy', false, { started: false })], containerStatuses: [waiting('app', 'PodInitializing')] },
    });
    expect(podStatusReason(starting)).toBe('Init:0/1');
    expect(podReady(starting)).toBe('0/2');
  });

  it('restarts of finished regular init containers are not counted once initialised', () => {
    const p = pod({
      init: [{ name: 'migrate' }],
      status: {
        phase: 'Running', conditions: [cond('Initialized', 'True')],
        initContainerStatuses: [terminated('migrate', { reason: 'Completed' }, { restartCount: 3, lastState: { terminated: { exitCode: 1, finishedAt: ago(M) } } })],
        containerStatuses: [running('app')],
      },
    });
    expect(podRestarts(p, NOW)).toBe('0');
    const initCrashing = pod({
      init: [{ name: 'migrate' }],
      status: {
        phase: 'Pending',
        initContainerStatuses: [waiting('migrate', 'CrashLoopBackOff', { restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: ago(40 * S) } } })],
      },
    });
    expect(podRestarts(initCrashing, NOW)).toBe('4 (40s ago)');
  });

  it('restarts without a last termination time print the bare count', () => {
    const p = pod({ status: { phase: 'Running', containerStatuses: [running('app', true, { restartCount: 3 })] } });
    expect(podRestarts(p, NOW)).toBe('3');
  });

  it('Terminating, Unknown (NodeLost) and terminal pods being deleted', () => {
    const deleting = { deletionTimestamp: ago(10 * S) };
    expect(podStatusReason(pod({ meta: deleting, status: { phase: 'Running', containerStatuses: [running('app')] } }))).toBe('Terminating');
    expect(podStatusReason(pod({ meta: deleting, status: { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] } })))
      .toBe('Unknown');
    expect(podStatusReason(pod({ meta: deleting, status: { phase: 'Succeeded', containerStatuses: [terminated('app', { reason: 'Completed' })] } })))
      .toBe('Completed');
  });

  it('status.reason replaces the phase (Evicted) unless a container state says more', () => {
    expect(podStatusReason(pod({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } })))
      .toBe('Evicted');
    const evicted = pod({
      status: { phase: 'Failed', reason: 'Evicted', containerStatuses: [terminated('app', { exitCode: 137, reason: 'ContainerStatusUnknown' })] },
    });
    expect(podStatusReason(evicted)).toBe('ContainerStatusUnknown');
    expect(podStatusReason(pod({ status: { phase: 'Failed', reason: 'NodeAffinity' } }))).toBe('NodeAffinity');
  });

  it('never throws on partial or malformed pods', () => {
    const bad = [
      { apiVersion: 'v1', kind: 'Pod', metadata: {} },
      { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: null, status: null },
      { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: 'nope' }, status: { containerStatuses: [null, 7, { state: null }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [{}] }, status: { containerStatuses: [{ restartCount: 'x', state: { waiting: null, terminated: 'x' } }] } },
      null,
    ] as unknown as Pod[];
    for (const p of bad) {
      const s = podSummary(p);
      expect(typeof s.reason).toBe('string');
      expect(podRestarts(p, NOW)).toMatch(/^\d+$/);
    }
    expect(podReady(bad[0]!)).toBe('0/0');
    expect(podReady(bad[3]!)).toBe('0/1');
    expect(podStatusReason(bad[1]!)).toBe('');
  });
});
