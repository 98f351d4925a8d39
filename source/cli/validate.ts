/** `kubedrill validate`: load manifests as the simulator would and report every problem with file and line. */
import { type Command, CommanderError } from 'commander';
import { describeObject, formatDiagnostic, loadManifestPaths } from '../api/manifest.js';
import { EXIT_USAGE, type CliIo } from './program.js';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Register the `validate` command on the program. */
export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check manifests the way the simulator loads them: YAML, kinds, fields, defaulting and validation')
    .argument('[paths...]', 'manifest files or directories')
    .option('-f, --filename <path...>', 'manifest file or directory; repeatable (directories are read recursively for *.yaml, *.yml, *.json)')
    .addHelpText('after', '\nObjects are listed on stdout, problems on stderr as file:line: severity: message.\nExit code 1 if any manifest has an error.')
    .action((paths: string[], options: { filename?: string[] }, command: Command) => {
      const all = [...(options.filename ?? []), ...paths];
      if (all.length === 0) {
        command.error('error: no manifests given: name files or directories with -f or as arguments', { exitCode: EXIT_USAGE, code: 'kubedrill.noInput' });
      }
      const result = loadManifestPaths(all);
      for (const { object } of result.objects) io.stdout(`${describeObject(object)}\n`);
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      // Errors last, next to the summary, where they are seen.
      for (const d of [...warnings, ...errors]) io.stderr(`${formatDiagnostic(d)}\n`);
      io.stdout(`${count(result.objects.length, 'object')}, ${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}\n`);
      if (errors.length > 0) throw new CommanderError(1, 'kubedrill.invalid', `${count(errors.length, 'error')} in manifests`);
    });
}
