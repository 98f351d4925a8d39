/**
 * Terminal UI: keystroke-to-frame latency with 150,000 pods in the store, through the real Ink render path (a
 * fake TTY at 140×45, production React, Ink's throttled renderer): open the pods view, move the cursor, page,
 * filter (each typed character re-filters live), sort, describe. One JSON line per action: p50 / p95 over samples
 * spaced past Ink's frame throttle, so each is one keystroke on an idle UI.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Pod } from '../source/api/core.js';
import type { Cluster } from '../source/api/kubedrill-kinds.js';
import { defaultCatalog } from '../source/cluster/load.js';
import { Simulation } from '../source/cluster/simulation.js';

// Ink decides at import time whether it runs under CI (then it draws only the last frame): this is a terminal.
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
process.env.NODE_ENV ??= 'production';
// Colours on, as in a terminal: the cursor row is drawn in inverse video, so moving it changes the frame.
process.env.FORCE_COLOR = '1';

const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
const log = (s: string) => process.stderr.write(`tui.bench: ${s}\n`);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PODS = Number(process.env.TUI_BENCH_PODS ?? 150_000);
const NODES = Math.ceil(PODS / 100);
const NAMESPACES = 20;

function cluster(): Cluster {
  return {
    apiVersion: 'kubedrill.io/v1', kind: 'Cluster', metadata: { name: 'bench' },
    spec: {
      kubernetesVersion: 'v1.32.4', region: 'eu-west-1', seed: 1,
      controlPlane: { podCIDR: '10.0.0.0/8' },
      nodePools: [
        { name: 'control-plane', count: 1, controlPlane: true, capacity: { cpu: '4', memory: '16Gi', pods: '110' }, zones: ['eu-west-1a'] },
        { name: 'workers', count: NODES, capacity: { cpu: '32', memory: '128Gi', pods: '110' }, zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
      ],
    },
  } as Cluster;
}

/** A Deployment-like pod, bound and Running (the kubelet and scheduler are stopped: the UI is what is measured). */
function podAt(i: number): Pod {
  const app = `app-${i % 1000}`;
  const ns = `ns-${i % NAMESPACES}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${app}-7d9c5b6f4-${i.toString(36).padStart(5, 'x')}`, namespace: ns,
      labels: { app, 'pod-template-hash': '7d9c5b6f4' },
    },
    spec: {
      nodeName: `workers-${i % NODES}`,
      containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' } } }],
    },
  } as Pod;
}

function runningStatus(i: number) {
  const t = '2026-01-01T00:00:10Z';
  const restarts = i % 97 === 0 ? 3 : 0;
  return {
    phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, startTime: t, qosClass: 'Burstable',
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: t })),
    containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: restarts, image: 'nginx:1.27', imageID: '', containerID: 'containerd://x', state: { running: { startedAt: t } } }],
  };
}

/** A TTY-like stdout that resolves a waiter on the next frame written. */
class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 140;
  rows = 45;
  writes = 0;
  private waiter: ((t: number) => void) | undefined;
  write = (_chunk: string): boolean => {
    this.writes++;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(performance.now());
    return true;
  };
  nextFrame(): Promise<number> {
    return new Promise((resolve) => { this.waiter = resolve; });
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = (): string | null => {
    const d = this.data;
    this.data = null;
    return d;
  };
  type(s: string): void {
    this.data = s;
    this.emit('readable');
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function main(): Promise<void> {
  const { render } = await import('ink');
  const React = await import('react');
  const { InProcessClient } = await import('../source/client/in-process.js');
  const { AppController } = await import('../source/tui/app-controller.js');
  const { App } = await import('../source/tui/components/App.js');

  let t = performance.now();
  const sim = new Simulation({ cluster: cluster(), catalog: defaultCatalog(), seed: 1 });
  sim.setComponentRunning('kubelet', false);
  sim.setComponentRunning('scheduler', false);
  for (let n = 0; n < NAMESPACES; n++) sim.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${n}` } });
  for (let i = 0; i < PODS; i++) {
    const p = sim.store.create(podAt(i));
    sim.store.updateStatus({ ...p, status: runningStatus(i) } as Pod);
    if (i % 10_000 === 0) sim.store.dispatch();
  }
  sim.store.dispatch();
  log(`cluster: ${NODES} nodes, ${PODS} pods in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  gc();

  /** 1,000 pod status writes (a restart count each), delivered to every watcher; returns ms. */
  const churn = (round: number) => {
    const t0 = performance.now();
    for (let k = 0; k < 1_000; k++) {
      const i = ((round * 1_000 + k) * 131) % PODS;
      const p = sim.store.get<Pod>('Pod', `ns-${i % NAMESPACES}`, podAt(i).metadata.name!);
      sim.store.updateStatus({ ...p, status: { ...p.status, containerStatuses: [{ ...p.status!.containerStatuses![0]!, restartCount: round + 1 }] } } as Pod);
    }
    sim.store.dispatch();
    return performance.now() - t0;
  };
  churn(0);
  const baseline = [1, 2, 3, 4, 5].map(churn);

  const client = new InProcessClient(sim);
  t = performance.now();
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const app = new AppController({ client, controls: client, speed: 0, columns: stdout.columns, rows: stdout.rows });
  const first = stdout.nextFrame();
  const inkRenderMs: number[] = [];
  const instance = render(React.createElement(App, { controller: app }), {
    stdout: stdout as never, stdin: stdin as never, exitOnCtrlC: false, patchConsole: false, maxFps: 60,
    onRender: ({ renderTime }) => inkRenderMs.push(renderTime),
  });
  // How much of a frame is the controller drawing its lines (the rest is React + Ink layout and output).
  const frameMs: number[] = [];
  const frame = app.frame.bind(app);
  app.frame = () => {
    const f0 = performance.now();
    const out = frame();
    frameMs.push(performance.now() - f0);
    return out;
  };
  await first;
  const startupMs = performance.now() - t;
  log(`first frame (caches, summary, overview) in ${startupMs.toFixed(0)} ms`);
  emit({ name: 'start: overview first frame', pods: PODS, p50Ms: round(startupMs), p95Ms: round(startupMs) });
  // A person looks at the screen before typing: the idle ticks build the pod cache's sort and search columns.
  t = performance.now();
  while (app.warming) await sleep(50);
  emit({ name: 'start: background column build while idle (wall)', pods: PODS, p50Ms: round(performance.now() - t), p95Ms: round(performance.now() - t) });

  /** Type `keys` and time until the next frame; waits past Ink's 60 fps throttle first so each sample is one idle keystroke. */
  const press = async (keys: string): Promise<number> => {
    await sleep(25);
    const frame = stdout.nextFrame();
    const t0 = performance.now();
    stdin.type(keys);
    const at = await Promise.race([frame, sleep(5_000).then(() => Number.NaN)]);
    return at - t0;
  };
  const measure = async (name: string, samples: number, before: () => Promise<unknown>, keys: string | ((i: number) => string), after: () => Promise<unknown> = async () => {}) => {
    const xs: number[] = [];
    for (let i = 0; i < samples; i++) {
      await before();
      xs.push(await press(typeof keys === 'string' ? keys : keys(i)));
      await after();
    }
    const ok = xs.filter((x) => Number.isFinite(x));
    emit({ name, pods: PODS, p50Ms: round(percentile(ok, 50)), p95Ms: round(percentile(ok, 95)), samples: ok.length, maxMs: round(Math.max(...ok)) });
  };
  const noop = async () => {};

  await measure('open pods view (:pods, all namespaces)', 12, () => press(':pods'), '\r', () => press(':nodes\r'));
  await press(':pods\r');
  await measure('move cursor (j)', 40, noop, 'j');
  await measure('page down (ctrl-f)', 20, noop, '\x06');
  await measure('bottom (G) / top (g)', 20, noop, (i) => (i % 2 ? 'g' : 'G'));
  // The first filter character computes every pod's search text once (cached per object version after that).
  await measure('filter: first character typed (/a)', 5, () => press('/'), 'a', () => press('\x1b'));
  const word = 'app-42';
  await measure('filter: each character typed, live (/app-42)', word.length * 3, async () => {}, (i) => {
    const k = i % word.length;
    return k === 0 ? `\x1b/${word[0]}` : word[k]!;
  });
  await press('\x1b');
  await measure('sort by age (shift-a)', 10, noop, 'A');
  await measure('sort by status (shift-s)', 10, noop, 'S');
  await measure('sort by restarts (shift-t)', 10, noop, 'T');
  await measure('sort by name (shift-n)', 10, noop, 'N');
  await measure('describe a pod (d) ', 10, noop, 'd', () => press('\x1b'));

  emit({ name: 'frame: the controller drawing its lines (all frames above)', pods: PODS, p50Ms: round(percentile(frameMs, 50)), p95Ms: round(percentile(frameMs, 95)), samples: frameMs.length });
  emit({ name: 'frame: Ink output (layout to string, all frames above)', pods: PODS, p50Ms: round(percentile(inkRenderMs, 50)), p95Ms: round(percentile(inkRenderMs, 95)), samples: inkRenderMs.length });

  // Watch upkeep: 1,000 pod status changes applied to the open pods view (sorted by restarts, so rows move) and
  // the overview's models and summary, against the same writes before the UI subscribed (baseline above).
  await press('T');
  // The UI's share: its watch handlers run inside the writes; the batched row merge runs on the next frame.
  const withUi = [11, 12, 13, 14, 15].map((r) => {
    const writes = churn(r);
    const f0 = performance.now();
    app.frame();
    return writes + (performance.now() - f0);
  });
  emit({ name: 'watch: 1,000 pod status writes + next frame, UI subscribed (ms per 1,000)', pods: PODS, p50Ms: round(percentile(withUi, 50)), p95Ms: round(percentile(withUi, 95)) });

  emit({ name: 'watch: the same writes before the UI subscribed (baseline, ms per 1,000)', pods: PODS, p50Ms: round(percentile(baseline, 50)), p95Ms: round(percentile(baseline, 95)) });
  instance.unmount();
  app.dispose();
}


await main();
process.exit(0);
