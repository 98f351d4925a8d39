/** `kubedrill tui` (and `kubedrill` alone): open the terminal UI on a simulated cluster, the demo by default. */
import { type Command, CommanderError, InvalidArgumentError } from 'commander';
import { formatDiagnostic } from '../api/manifest.js';
import { DEMO_APP, DEMO_CLUSTER, loadSimulation } from '../cluster/load.js';
import type { CliIo } from './program.js';

/** Options of `kubedrill tui`. */
export interface TuiOptions {
  cluster?: string;
  filename: string[];
  seed?: number;
  speed: number;
  command?: string;
  readonly?: boolean;
}

function seed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new InvalidArgumentError(`seed must be a whole number from 0 to 4294967295, got "${value}"`);
  return Number(value);
}

function speed(value: string): number {
  const n = Number(value.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n < 0 || value.trim() === '') throw new InvalidArgumentError(`speed must be a number ≥ 0 (0 = paused), e.g. 1, 10, 60x; got "${value}"`);
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Whether this process can run a full-screen UI (both ends are terminals). */
export function interactiveTerminal(): boolean {
  return !!process.stdin.isTTY && !!process.stdout.isTTY;
}

/** Load the simulation and run the UI until the user quits. */
export async function openTui(opts: TuiOptions, io: CliIo): Promise<void> {
  if (!interactiveTerminal()) {
    const message = 'the terminal UI needs an interactive terminal (stdin and stdout must be a TTY); for a headless run use `kubedrill sim`';
    io.stderr(`error: ${message}\n`);
    throw new CommanderError(1, 'kubedrill.notInteractive', message);
  }
  // React picks its build when first loaded (below): the development build is many times slower on big tables.
  process.env.NODE_ENV ??= 'production';
  // Ink decides at import time that a set CI variable (even `CI=`) means "no terminal": it then ignores resizes
  // and draws only the last frame. Both ends are terminals here (checked above), so a person is watching.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  // Raw mode at once: keys typed while the cluster loads are neither echoed over the screen nor line-buffered.
  process.stdin.setRawMode?.(true);
  // Start loading the UI's modules (Ink, React: hundreds of files) while the simulation is built.
  const modules = Promise.all([import('../client/in-process.js'), import('../tui/run.js')]);
  const clusterFile = opts.cluster ?? DEMO_CLUSTER;
  const manifests = opts.filename.length ? opts.filename : opts.cluster ? [] : [DEMO_APP];
  const { sim, diagnostics } = loadSimulation({ clusterFile, manifests, seed: opts.seed });
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!sim) {
    io.stderr('error: the simulation could not be built (see above)\n');
    throw new CommanderError(1, 'kubedrill.invalid', 'the simulation could not be built');
  }
  const [{ InProcessClient }, { runTui }] = await modules;
  const client = new InProcessClient(sim);
  await runTui({ client, controls: client, readonly: opts.readonly, command: opts.command, speed: opts.speed });
}

/** Register `kubedrill tui`. */
export function registerTui(program: Command, io: CliIo): void {
  program
    .command('tui')
    .description('open the terminal UI (k9s keys) on a simulated cluster: the demo cluster with the Zeus Zap shop by default')
    .option('--cluster <file>', 'Cluster definition (kind: Cluster); default: the demo cluster')
    .option('-f, --filename <path>', 'manifest file or directory to apply at start (repeatable); default with the demo: the Zeus Zap shop', collect, [])
    .option('--seed <n>', 'seed of the random source (default: the Cluster\'s spec.seed)', seed)
    .option('--speed <x>', 'virtual seconds per wall second: 0 (paused), 1, 2, 5, 10, 30, 60, 300', speed, 1)
    .option('-c, --command <view>', 'view to open at start, as typed after `:` (e.g. pods, "deploy zeus-zap", nodes)')
    .option('--readonly', 'hide and refuse every key that changes the cluster')
    .action((opts: TuiOptions) => openTui(opts, io));
}
