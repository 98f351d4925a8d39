/** `kubedrill faults [TYPE]`: the fault catalogue with each fault's targets and parameters, like a --help. */
import type { Command } from 'commander';
import { faultCatalog } from '../chaos/catalog/index.js';
import type { FaultParam, FaultTypeInfo } from '../chaos/types.js';
import { EXIT_USAGE, type CliIo } from './program.js';

const TARGETS = [
  'Targets: a kind plus a name, or a namespace plus a label selector (default namespace: default), narrowed by mode:',
  '  one (a random one, the default), all, fixed N, fixed-percent P (rounded up), random-max-percent P (a random share up to P).',
  'Duration: every fault but the one-shot ones may revert itself after a duration; stop-all reverts every active fault.',
];

/** The catalogue's public part: what a fault type says about itself (no implementation). */
function info({ type, description, appliesTo, params, controlPlaneComponent, instant }: FaultTypeInfo): FaultTypeInfo {
  return { type, description, appliesTo, params, ...(controlPlaneComponent ? { controlPlaneComponent } : {}), ...(instant ? { instant } : {}) };
}

function paramLines(params: readonly FaultParam[]): string[] {
  if (!params.length) return ['    (no parameters)'];
  const nameWidth = Math.max(...params.map((p) => p.name.length));
  const typeWidth = Math.max(...params.map((p) => p.type.length));
  return params.map((p) => {
    const extra = p.required ? ' (required)' : p.default !== undefined && p.default !== '' ? ` (default: ${p.default})` : '';
    return `    ${p.name.padEnd(nameWidth)}  ${p.type.padEnd(typeWidth)}  ${p.description}${extra}`;
  });
}

/** One fault type as help text: name, targets, description, parameters. */
export function describeFault(t: FaultTypeInfo): string[] {
  const on = t.controlPlaneComponent ? `${t.appliesTo.join(', ')}: ${t.controlPlaneComponent}` : t.appliesTo.join(', ');
  return [`${t.type} [${on}]${t.instant ? ' (one-shot)' : ''}`, `  ${t.description}`, ...paramLines(t.params)];
}

/** Register the `faults` command on the program. */
export function registerFaults(program: Command, io: CliIo): void {
  program
    .command('faults')
    .description('list the fault catalogue: what each fault does, what it applies to, and its parameters')
    .argument('[type]', 'show one fault type')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((type: string | undefined, options: { output: string }, command: Command) => {
      if (options.output !== 'text' && options.output !== 'json') {
        command.error(`error: unknown output format "${options.output}" (expected text or json)`, { exitCode: EXIT_USAGE, code: 'kubedrill.badOutput' });
      }
      const all = faultCatalog().map(info);
      const chosen = type === undefined ? all : all.filter((t) => t.type === type);
      if (!chosen.length) {
        command.error(`error: unknown fault type "${type}" (known: ${all.map((t) => t.type).join(', ')})`, { exitCode: EXIT_USAGE, code: 'kubedrill.unknownFault' });
      }
      if (options.output === 'json') {
        io.stdout(`${JSON.stringify(type === undefined ? chosen : chosen[0], null, 2)}\n`);
        return;
      }
      const blocks = chosen.map((t) => describeFault(t).join('\n'));
      io.stdout(`${blocks.join('\n\n')}\n\n${TARGETS.join('\n')}\n`);
    });
}
