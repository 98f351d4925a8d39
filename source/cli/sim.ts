/** `kubedrill sim`: run a cluster headless for a stretch of virtual time and print what kubectl would. */
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Node, Pod } from '../api/core.js';
import { parseDuration } from '../api/duration.js';
import { formatDiagnostic } from '../api/manifest.js';
import { SORT_BY_ERROR, TOP_SORT_FIELDS, type TopOutput, printTopNodes, printTopPods } from '../api/print/top.js';
import { DEMO_CLUSTER } from '../cluster/load.js';
import { loadSimulation } from '../cluster/load.js';
import type { Simulation } from '../cluster/simulation.js';
import type { MetricsServer } from '../metrics/metrics-server.js';
import { type OutputFormat, renderGet, resolveKinds } from './get-output.js';
import { type CliIo, EXIT_USAGE } from './program.js';
import { type TrafficFlag, applyTrafficFlags, trafficFlag } from './traffic-flag.js';

function duration(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function seed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new InvalidArgumentError(`seed must be a whole number from 0 to 4294967295, got "${value}"`);
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `--top`: what `kubectl top` shows, under kubectl's names and aliases for it. */
const TOP_TARGETS: Readonly<Record<string, 'pods' | 'nodes'>> = { pods: 'pods', pod: 'pods', po: 'pods', nodes: 'nodes', node: 'nodes', no: 'nodes' };

function topTarget(value: string): 'pods' | 'nodes' {
  const target = TOP_TARGETS[value];
  if (!target) throw new InvalidArgumentError(`expected pods or nodes, got "${value}"`);
  return target;
}

function sortField(value: string): string {
  if (!(TOP_SORT_FIELDS as readonly string[]).includes(value)) throw new InvalidArgumentError(SORT_BY_ERROR);
  return value;
}


interface TopRequest { top: 'pods' | 'nodes'; containers?: boolean; sortBy?: string; namespace: string; allNamespaces?: boolean }

/** `kubectl top pods|nodes` over the metrics server's current samples. */
function printTop(sim: Simulation, metrics: MetricsServer, req: TopRequest): TopOutput {
  if (req.top === 'nodes') return printTopNodes(metrics.nodeMetricsList(), sim.store.select<Node>('Node'), { sortBy: req.sortBy });
  const pods = sim.store.select<Pod>('Pod', { namespace: req.namespace });
  return printTopPods(metrics.podMetricsList(req.allNamespaces ? undefined : req.namespace), pods, {
    namespace: req.namespace, allNamespaces: req.allNamespaces, containers: req.containers, sortBy: req.sortBy, nowMs: sim.now(),
  });
}

interface SimOptions {
  cluster: string; filename: string[]; for: number; seed?: number; get: string; output?: string; namespace: string; allNamespaces?: boolean;
  top?: 'pods' | 'nodes'; containers?: boolean; sortBy?: string; traffic: TrafficFlag[];
}

export function registerSim(program: Command, io: CliIo): void {
  program
    .command('sim')
    .description('run a simulated cluster headless for a virtual duration and print what `kubectl get` would')
    .option('--cluster <file>', 'Cluster definition (kind: Cluster)', DEMO_CLUSTER)
    .option('-f, --filename <path>', 'manifest file or directory to apply at start (repeatable)', collect, [])
    .option('--for <duration>', 'virtual time to run, e.g. 30s, 5m, 1h30m', duration, 60_000)
    .option('--seed <n>', 'seed of the random source (default: the Cluster\'s spec.seed)', seed)
    .option('--get <kinds>', 'what to print: pods, nodes, events, all, or any resource list such as deploy,svc', 'pods')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['wide', 'yaml', 'json']))
    .option('-n, --namespace <ns>', 'namespace to print', 'default')
    .option('-A, --all-namespaces', 'print every namespace')
    .option('--traffic <ns/svc=model>', 'set a Service\'s request rate model, e.g. zeus-zap/frontend=spike(base=300,peak=5000,at=1m,for=10m) (repeatable)', trafficFlag, [])
    .option('--top <pods|nodes>', 'after the run, print what `kubectl top pods|nodes` would (instead of --get unless --get is given)', topTarget)
    .option('--containers', 'with --top pods: one row per container, as `kubectl top pods --containers`')
    .option('--sort-by <cpu|memory>', 'with --top: sort by CPU or memory use, highest first', sortField)
    .action((opts: SimOptions, command: Command) => {
      if (!opts.top && (opts.containers || opts.sortBy)) {
        command.error(`error: ${opts.containers ? '--containers' : '--sort-by'} needs --top`, { exitCode: EXIT_USAGE, code: 'kubedrill.usage' });
      }
      if (opts.top === 'nodes' && opts.containers) {
        command.error('error: --containers applies only to --top pods (kubectl top node has no --containers)', { exitCode: EXIT_USAGE, code: 'kubedrill.usage' });
      }
      let kinds;
      try {
        kinds = resolveKinds(opts.get);
      } catch (err) {
        io.stderr(`${(err as Error).message}\n`);
        throw new CommanderError(1, 'kubedrill.unknownResource', (err as Error).message);
      }
      const { sim, diagnostics } = loadSimulation({ clusterFile: opts.cluster, manifests: opts.filename, seed: opts.seed });
      for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      if (!sim) {
        io.stderr('error: the simulation could not be built (see above)\n');
        throw new CommanderError(1, 'kubedrill.invalid', 'the simulation could not be built');
      }
      const trafficErrors = applyTrafficFlags(sim, opts.traffic);
      if (trafficErrors.length) {
        for (const e of trafficErrors) io.stderr(`error: ${e}\n`);
        throw new CommanderError(EXIT_USAGE, 'kubedrill.usage', trafficErrors[0]!);
      }
      const metrics = opts.top ? sim.metrics : undefined;
      sim.advance(opts.for);
      if (!opts.top || command.getOptionValueSource('get') === 'cli') {
        const output: OutputFormat = (opts.output as OutputFormat | undefined) ?? 'table';
        const printed = renderGet(sim.store, kinds, { namespace: opts.namespace, allNamespaces: !!opts.allNamespaces, output, nowMs: sim.now() });
        io.stdout(printed.stdout);
        if (printed.stderr) io.stderr(printed.stderr);
        if (opts.top) io.stdout('\n');
      }
      if (opts.top && metrics) {
        const top = printTop(sim, metrics, { ...opts, top: opts.top });
        io.stdout(top.stdout);
        if (top.stderr) io.stderr(top.stderr);
        if (top.exitCode) throw new CommanderError(1, 'kubedrill.top', top.stderr.trim());
      }
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (errors) throw new CommanderError(1, 'kubedrill.invalid', `${errors} manifest error(s); the objects without errors were applied`);
    });
}
