/**
 * Start the terminal UI on a terminal: alternate screen on start, restored on exit and on a crash (uncaught error,
 * SIGTERM, SIGHUP), production React, Ink with incremental rendering. Resolves when the user quits.
 */
import { render } from 'ink';
import type { ClusterClient, SimulationControls } from '../client/cluster-client.js';
import { AppController } from './app-controller.js';
import { App } from './components/App.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

export interface RunOptions {
  client: ClusterClient;
  controls?: SimulationControls;
  readonly?: boolean;
  command?: string;
  speed?: number;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Run the UI until the user quits; the terminal is restored whatever happens. */
export async function runTui(opts: RunOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  const onCrash = (err: unknown) => {
    restore();
    process.stderr.write(`kubedrill: the terminal UI crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
  const onSignal = () => {
    restore();
    process.exit(130);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', restore);

  stdout.write(ENTER_ALT_SCREEN);
  const controller = new AppController({
    client: opts.client, controls: opts.controls, readonly: opts.readonly, command: opts.command, speed: opts.speed,
    columns: stdout.columns, rows: stdout.rows,
  });
  const instance = render(<App controller={controller} />, {
    stdout, stdin, exitOnCtrlC: false, patchConsole: true, incrementalRendering: false, maxFps: 60,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    controller.dispose();
    instance.cleanup();
    restore();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('exit', restore);
  }
}
