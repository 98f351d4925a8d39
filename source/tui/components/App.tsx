/**
 * The Ink root: subscribes to the controller's version, feeds it keys (one stable listener on Ink's raw input
 * events, which keep an ESC glued to the next key), terminal size (stdout 'resize'; Ink 6.8 has no useWindowSize)
 * and the tick that drives the clock and live refresh.
 */
import { useApp, useStdin, useStdout } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { type AppController, TICK_MS } from '../app-controller.js';
import { Frame } from './Frame.js';

export function App({ controller }: { controller: AppController }) {
  useSyncExternalStore(controller.subscribe, controller.getVersion);
  const { stdout } = useStdout();
  const { exit } = useApp();

  const { internal_eventEmitter: input, setRawMode, isRawModeSupported } = useStdin();

  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    input.on('input', controller.handleInput);
    return () => {
      input.off('input', controller.handleInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [input, setRawMode, isRawModeSupported, controller]);

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
