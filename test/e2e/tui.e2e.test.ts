/**
 * End to end: the BUILT CLI (`node dist/cli/main.js`) in a real terminal (tmux), CI unset for the child so Ink
 * draws live frames. The test compiles dist/ itself first (tsc -p tsconfig.build.json), so it never runs a stale
 * build; it is skipped where tmux is not installed. A private tmux socket is used and killed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const socket = `kubedrill-test-${process.pid}`;
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', cwd: root });
const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');
const keys = (...k: string[]) => tmux('send-keys', '-t', 'e2e', ...k);

/** Wait until the screen shows `text` (the UI runs in real time: start-up and frames take a moment). */
async function until(text: string | RegExp, timeout = 20_000): Promise<string> {
  await vi.waitFor(() => {
    const s = screen();
    expect(typeof text === 'string' ? s.includes(text) : text.test(s), `screen does not show ${String(text)}:\n${s}`).toBe(true);
  }, { timeout, interval: 100 });
  return screen();
}

describe.skipIf(!hasTmux)('kubedrill tui in a terminal (tmux, built CLI)', () => {
  beforeAll(() => {
    // tsc emits even when another room's files have type errors; the exit code is not ours to judge here.
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
    } catch {
      // checked below
    }
    expect(existsSync(path.join(root, 'dist/cli/main.js'))).toBe(true);
    tmux('new-session', '-d', '-s', 'e2e', '-x', '120', '-y', '40',
      'env -u CI -u CONTINUOUS_INTEGRATION node dist/cli/main.js tui --speed 5; echo "KUBEDRILL-EXIT=$?"; sleep 60');
  }, 240_000);

  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  });

  it('opens the overview on the demo cluster, navigates views, acts, and restores the terminal on quit', async () => {
    await until('Cluster: demo', 60_000);
    // The clock has moved: the app is ticking and reading keys.
    let s = await until(/Clock:\s+Jan 01 00:00:(0[1-9]|[1-5]\d)/);
    expect(s).toContain('⏩ 5x');
    expect(s).toMatch(/nodes\[4\/4 Ready\]/);
    expect(s).toContain('<overview>');
    // Every line fits the 120-column terminal.
    for (const line of s.split('\n')) expect([...line].length).toBeLessThanOrEqual(120);

    keys(':pods', 'Enter');
    s = await until(/<overview>\s+<pods>/);
    expect(s).toMatch(/NAMESPACE\s+NAME↑\s+READY\s+STATUS/);

    // Column picking (shift-→) and sorting by it (ctrl-o: pods keep shift-o for NODE), faults only (ctrl-z).
    keys('S-Right');
    await until('column READY picked: <ctrl-o> sorts by it');
    keys('C-o');
    await until(/NAME\s+READY↑\s+STATUS/);
    keys('C-z');
    await until(/pods\(all\)\[\d+\/\d+\] <faults>/);
    keys('C-z');
    await until(/pods\(all\)\[\d+\] /);
    // enter on a pod: its containers, with k9s's columns; esc back.
    keys('Enter');
    s = await until(/<pods>\s+<containers>/);
    expect(s).toMatch(/NAME\s+IMAGE\s+READY\s+STATE/);
    keys('Escape');
    await until(/<overview>\s+<pods>\s*$/m);

    keys('?');
    await until('Logs Previous');
    keys('Escape');
    await until(/<overview>\s+<pods>\s*$/m);

    keys(':nodes', 'Enter');
    await until('nodes[4]');
    keys('j');
    keys('c');
    s = await until('node/workers-0 cordoned');
    await until(/workers-0\s+Ready,SchedulingDisabled/);

    // Autoscaling: the HPA view, the node groups with their cost, and the cost in the header.
    keys(':hpa', 'Enter');
    s = await until(/zeus-zap\s+frontend\s+Deployment\/frontend\s+cpu: \S+\/\d+%\s+\d+\s+\d+\s+\d+/);
    expect(s).toMatch(/Cost:\s+\$\d+\.\d\d \(\+\$\d+\.\d\d\/h\)/);
    keys(':nodegroups', 'Enter');
    s = await until(/workers\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\$\d+\.\d\d\s+\$\d+\.\d\d\s+Healthy/);
    expect(s).toContain('autoscaler activity');

    keys('C-p');
    await until('⏸ paused');

    // The terminal shrinks: still drawn within bounds.
    tmux('resize-window', '-t', 'e2e', '-x', '60', '-y', '20');
    await vi.waitFor(() => {
      const lines = screen().split('\n');
      expect(lines.some((l) => l.includes('nodegroups['))).toBe(true);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    }, { timeout: 10_000, interval: 100 });

    keys('C-c');
    s = await until('KUBEDRILL-EXIT=0');
    // Back on the normal screen: the UI is gone.
    expect(s).not.toContain('Cluster: demo');
  }, 120_000);
});
