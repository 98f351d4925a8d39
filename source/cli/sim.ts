/** `kubedrill sim`: run a cluster headless for a stretch of virtual time and print what kubectl would. */
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../api/duration.js';
import { formatDiagnostic } from '../api/manifest.js';
import { DEMO_CLUSTER } from '../cluster/load.js';
import { loadSimulation } from '../cluster/load.js';
import { type OutputFormat, renderGet, resolveKinds } from './get-output.js';
import type { CliIo } from './program.js';

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
    .action((opts: { cluster: string; filename: string[]; for: number; seed?: number; get: string; output?: string; namespace: string; allNamespaces?: boolean }) => {
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
      sim.advance(opts.for);
      const output: OutputFormat = (opts.output as OutputFormat | undefined) ?? 'table';
      const printed = renderGet(sim.store, kinds, { namespace: opts.namespace, allNamespaces: !!opts.allNamespaces, output, nowMs: sim.now() });
      io.stdout(printed.stdout);
      if (printed.stderr) io.stderr(printed.stderr);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      if (errors) throw new CommanderError(1, 'kubedrill.invalid', `${errors} manifest error(s); the objects without errors were applied`);
    });
}
