/**
 * `kubedrill run DRILL`: run a drill headless — setup, warm-up, timeline, scripted responses — print the score, and
 * write a report (JSON, Markdown or JUnit XML) and the replayable action log. Exit codes: 0 the drill passed, 1 it
 * failed, 2 the drill is invalid (file:line problems, a fault or target the simulation refuses, or a steady state
 * that does not hold before the faults, so there is nothing to grade).
 */
import { writeFileSync } from 'node:fs';
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatDiagnostic } from '../api/manifest.js';
import { type DrillLog, readDrillLog, writeDrillLog } from '../drill/action-log.js';
import { clockText } from '../drill/debrief.js';
import { loadDrillFile } from '../drill/parse.js';
import type { DrillReport } from '../drill/report.js';
import { formatJUnit } from '../drill/report-junit.js';
import { formatMarkdown, formatSummary } from '../drill/report-text.js';
import { DrillRunner } from '../drill/runner.js';
import { DrillInvalidError } from '../drill/setup.js';
import { type CliIo, EXIT_USAGE } from './program.js';

/** Exit code of an invalid drill. */
export const EXIT_INVALID = 2;

export type ReportFormat = 'json' | 'markdown' | 'junit';

/** Render a report in a format. */
export function renderReport(report: DrillReport, format: ReportFormat): string {
  if (format === 'markdown') return formatMarkdown(report);
  if (format === 'junit') return formatJUnit(report);
  return `${JSON.stringify(report, null, 2)}\n`;
}

interface RunOptions { report?: ReportFormat; out?: string; log?: string; replay?: string; responses: boolean; seed?: number }

/** How progress is shown: a redrawn bar on a terminal, nothing but the drill's messages otherwise (CI). */
export interface RunDisplay { tty: boolean; width: number }

function seed(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 32 - 1) throw new InvalidArgumentError(`seed must be a whole number from 0 to 4294967295, got "${value}"`);
  return Number(value);
}

function invalid(io: CliIo, message: string): never {
  io.stderr(`${message}\n`);
  throw new CommanderError(EXIT_INVALID, 'kubedrill.invalidDrill', message);
}

/** Register `run`. `display` defaults to a bar when stderr is a terminal outside CI. */
export function registerRun(program: Command, io: CliIo, display?: RunDisplay): void {
  program
    .command('run')
    .description('run a drill headless and grade it: exit 0 pass, 1 fail, 2 invalid drill')
    .argument('[drill]', 'drill file (kind: Drill); with --replay, defaults to the drill the log names')
    .addOption(new Option('--report <format>', 'write a report').choices(['json', 'markdown', 'junit']))
    .option('--out <file>', 'where the report goes (default: standard output, the summary then goes to standard error)')
    .option('--log <file>', 'write the action log (seed and every action with its virtual time) for --replay')
    .option('--replay <log>', 'replay an action log (or a JSON report) exactly: same seed, same actions at the same times')
    .option('--no-responses', "don't run the drill's scripted responses (see what happens without a responder)")
    .option('--seed <n>', "seed of the random source (default: the drill's, else the Cluster's)", seed)
    .action((file: string | undefined, opts: RunOptions, command: Command) => {
      let replay: DrillLog | undefined;
      if (opts.replay) {
        try {
          replay = readDrillLog(opts.replay);
        } catch (err) {
          invalid(io, `error: ${(err as Error).message}`);
        }
        if (opts.seed !== undefined || command.getOptionValueSource('responses') === 'cli') {
          command.error('error: --replay takes the seed and responses setting from the log; drop --seed / --no-responses', { exitCode: EXIT_USAGE, code: 'kubedrill.usage' });
        }
      }
      const drillFile = file ?? replay?.drill;
      if (!drillFile) command.error('error: name a drill file (or --replay a log)', { exitCode: EXIT_USAGE, code: 'commander.missingArgument' });
      const parsed = loadDrillFile(drillFile);
      for (const d of parsed.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
      if (!parsed.drill) invalid(io, `error: ${drillFile} is not a valid drill (see above)`);
      const drill = parsed.drill;
      if (replay && replay.name !== drill.name) invalid(io, `error: the log is of drill "${replay.name}", not "${drill.name}"`);
      let runner: DrillRunner;
      const show = display ?? { tty: !!process.stderr.isTTY && !process.env.CI, width: process.stderr.columns ?? 80 };
      try {
        runner = new DrillRunner(drill, { responses: opts.responses, seed: opts.seed, replay });
        runner.start();
        let shown = 0;
        const progress = () => {
          for (const m of runner.timeline.messages.slice(shown)) io.stderr(`${show.tty ? '\r\x1b[K' : ''}[${clockText(m.atMs)}] ${m.text}\n`);
          shown = runner.timeline.messages.length;
          if (show.tty) io.stderr(`\r${bar(runner.clockMs, drill.durationMs, show.width)} ${drill.name}\x1b[K`);
        };
        while (runner.phase === 'running') {
          runner.advance(60_000);
          progress();
        }
        if (show.tty) io.stderr('\r\x1b[K');
      } catch (err) {
        if (err instanceof DrillInvalidError) {
          for (const d of err.diagnostics) if (d.severity === 'error') io.stderr(`${formatDiagnostic(d)}\n`);
          invalid(io, `error: ${drillFile} cannot run (see above)`);
        }
        throw err;
      }
      const report = runner.report();
      if (opts.log) writeDrillLog(opts.log, report.log);
      const summary = formatSummary(report);
      if (opts.report) {
        const text = renderReport(report, opts.report);
        if (opts.out) writeFileSync(opts.out, text);
        else io.stdout(text);
      }
      if (opts.report && !opts.out) io.stderr(summary);
      else io.stdout(summary);
      if (report.verdict === 'aborted') throw new CommanderError(EXIT_INVALID, 'kubedrill.drillAborted', report.reasons[0] ?? 'aborted');
      if (report.verdict === 'fail') throw new CommanderError(1, 'kubedrill.drillFailed', `drill ${drill.name} failed`);
    });
}

/** `[██████░░░░] 06:00/20:00` sized to the terminal. */
function bar(clockMs: number, durationMs: number, width: number): string {
  const cells = Math.max(10, Math.min(50, width - 40));
  const done = Math.round((cells * clockMs) / durationMs);
  return `[${'█'.repeat(done)}${'░'.repeat(cells - done)}] ${clockText(clockMs)}/${clockText(durationMs)}`;
}
