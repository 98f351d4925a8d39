/**
 * The Ink root: subscribes to the controller's version, feeds it keys (one stable input handler), terminal size
 * (stdout 'resize'; Ink 6.8 has no useWindowSize) and the tick that drives the clock and live refresh.
 */
import { useApp, useInput, useStdout } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { type AppController, TICK_MS } from '../app-controller.js';
import { Frame } from './Frame.js';

export function App({ controller }: { controller: AppController }) {
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  const { stdout } = useStdout();
  const { exit } = useApp();

  useInput(controller.handleInput);

  useEffect(() => {
    const onResize = () => controller.resize(stdout.columns, stdout.rows);
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, controller]);

  useEffect(() => {
    controller.onQuit = () => exit();
    const timer = setInterval(() => controller.tick(), TICK_MS);
    return () => clearInterval(timer);
  }, [controller, exit]);

  return <Frame lines={controller.frame()} width={controller.columns} />;
}
