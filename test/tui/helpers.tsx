/** Shared set-up for the UI tests: a small running cluster behind the in-process client, and the app rendered by ink-testing-library. */
import { render } from 'ink-testing-library';
import { expect, vi } from 'vitest';
import type { KubeObject } from '../../source/api/meta.js';
import { InProcessClient } from '../../source/client/in-process.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { AppController, type AppOptions } from '../../source/tui/app-controller.js';
import { App } from '../../source/tui/components/App.js';
import { createAll, testSimulation, type TestClusterOptions } from '../sim-helpers.js';

/** Key sequences as a terminal sends them. */
export const KEY = {
  enter: '\r', esc: '\x1b', tab: '\t', shiftTab: '\x1b[Z', up: '\x1b[A', down: '\x1b[B', left: '\x1b[D', right: '\x1b[C',
  backspace: '\x7f', space: ' ', ctrlC: '\x03', ctrlD: '\x04', ctrlE: '\x05', ctrlK: '\x0b', ctrlL: '\x0c', ctrlP: '\x10', ctrlW: '\x17',
};

/** A bare pod (no controller) with requests. */
export function pod(name: string, opts: { namespace?: string; cpu?: string; labels?: Record<string, string>; image?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels ?? { app: name } },
    spec: { containers: [{ name: 'app', image: opts.image ?? 'nginx:1.27', resources: { requests: { cpu: opts.cpu ?? '100m', memory: '64Mi' } } }] },
  } as KubeObject;
}

/** A Deployment of `replicas` nginx pods. */
export function deployment(name: string, replicas: number, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } },
    },
  } as KubeObject;
}

/** Split a frame's tail: the crumbs line (the last one starting with ` <`) and the flash lines after it. */
function crumbsAndFlash(f: string): { crumbs: string; flash: string } {
  const lines = f.split('\n');
  let i = lines.length - 1;
  while (i > 0 && !/^ <\w+>/.test(lines[i]!)) i--;
  return { crumbs: lines[i]?.trimEnd() ?? '', flash: lines.slice(i + 1).map((l) => l.trim()).join('') };
}

/** Wait until `fn` passes (frames are not synchronous with input). */
export async function until(fn: () => void): Promise<void> {
  await vi.waitFor(fn, { timeout: 5_000, interval: 20 });
}

export interface Harness {
  sim: Simulation;
  client: InProcessClient;
  app: AppController;
  lastFrame: () => string;
  frames: string[];
  stdin: { write: (s: string) => void };
  stdout: NodeJS.EventEmitter & { columns?: number; rows?: number };
  /** The flash message (its wrapped lines joined), after the crumbs line. */
  flash: () => string;
  /** Wait until the flash message contains `text`. */
  waitForFlash: (text: string) => Promise<string>;
  /** The crumbs line, e.g. ` <overview>   <pods>`. */
  crumbs: () => string;
  /** Type keys and wait until the frame shows `text`. */
  press: (keys: string, text?: string | RegExp) => Promise<string>;
  waitFor: (text: string | RegExp, not?: boolean) => Promise<string>;
  unmount: () => void;
}

/** Start the app on a test cluster (paused: tests move time with client.advance). */
export async function startApp(opts: { cluster?: TestClusterOptions; objects?: KubeObject[]; app?: Partial<AppOptions>; advanceMs?: number } = {}): Promise<Harness> {
  const sim = testSimulation(opts.cluster);
  if (opts.objects) createAll(sim, opts.objects);
  if (opts.advanceMs) sim.advance(opts.advanceMs);
  const client = new InProcessClient(sim);
  const app = new AppController({ client, controls: client, speed: 0, columns: 100, rows: 30, ...opts.app });
  const r = render(<App controller={app} />);
  const frame = () => r.lastFrame() ?? '';
  const waitFor = async (text: string | RegExp, not = false) => {
    await vi.waitFor(() => {
      const f = frame();
      const has = typeof text === 'string' ? f.includes(text) : text.test(f);
      expect(has, `frame ${not ? 'still shows' : 'does not show'} ${String(text)}:\n${f}`).toBe(!not);
    }, { timeout: 5_000, interval: 20 });
    return frame();
  };
  // Ink subscribes to stdin in an effect: wait for the first frame before typing.
  await waitFor('<overview>');
  return {
    sim, client, app, frames: r.frames, lastFrame: frame, stdin: r.stdin, stdout: r.stdout as never, waitFor,
    crumbs: () => crumbsAndFlash(frame()).crumbs,
    flash: () => crumbsAndFlash(frame()).flash,
    waitForFlash: async (text) => {
      await until(() => expect(crumbsAndFlash(frame()).flash).toContain(text));
      return crumbsAndFlash(frame()).flash;
    },
    press: async (keys, text) => {
      r.stdin.write(keys);
      return text === undefined ? frame() : waitFor(text);
    },
    unmount: () => {
      r.unmount();
      app.dispose();
    },
  };
}
