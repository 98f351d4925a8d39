/** The `kubedrill` command line: a commander program built around injected output, so tests run it in-process. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerRun } from './run.js';
import { registerFaults } from './faults.js';
import { registerSim } from './sim.js';
import { interactiveTerminal, openTui, registerTui } from './tui.js';
import { registerValidate } from './validate.js';

/** Where a command writes. main.ts passes process.stdout/stderr; tests collect strings. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Exit code for a command line that could not be understood (unknown option or command, missing argument). */
export const EXIT_USAGE = 2;

/** Commander's errors that mean "you typed it wrong", as opposed to "the command ran and failed". */
const USAGE_ERRORS = new Set([
  'commander.unknownOption', 'commander.unknownCommand', 'commander.missingArgument', 'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue', 'commander.conflictingOption', 'commander.excessArguments', 'commander.invalidArgument',
]);

/** The version in package.json (two levels up from both source/cli and dist/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Build the program. It never calls process.exit: help, version and errors surface as a thrown CommanderError
 * carrying the exit code (usage errors use EXIT_USAGE), and a failed command throws one with code 1.
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command('kubedrill');
  // Everything below is inherited by subcommands created with program.command(), so it comes first.
  program
    .description('A flight simulator for Kubernetes operations: a whole simulated cluster in virtual time.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    // Commander drops its implicit `help` command once the root has an action (below); keep it.
    .helpCommand('help [command]', 'show help for a command')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run kubedrill --help for usage)')
    .exitOverride((err) => {
      throw err.exitCode === 1 && USAGE_ERRORS.has(err.code) ? new CommanderError(EXIT_USAGE, err.code, err.message) : err;
    });

  registerValidate(program, io);
  registerSim(program, io);
  registerRun(program, io);
  registerTui(program, io);
  registerFaults(program, io);

  // The root action runs when no subcommand matched. It must accept stray words so it can name them as an
  // unknown command; it is set up after the subcommands so they do not inherit that leniency.
  // With no arguments on a terminal this opens the UI on the demo cluster (as `kubedrill tui`); piped or
  // redirected, where no UI can run, it prints help.
  program.allowExcessArguments(true).action(async (_options: unknown, command: Command) => {
    if (command.args.length > 0) {
      command.error(`error: unknown command '${command.args[0]}'`, { exitCode: EXIT_USAGE, code: 'commander.unknownCommand' });
    }
    if (interactiveTerminal()) await openTui({ filename: [], speed: 1 }, io);
    else command.outputHelp();
  });
  return program;
}

/** Run the program on `argv` (arguments only, without node and the script) and return the exit code. Never throws. */
export async function runProgram(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version arrive here too, with exit code 0.
      return err.exitCode;
    }
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
