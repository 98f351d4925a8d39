import { afterEach, describe, expect, it } from 'vitest';
import { AppController } from '../../source/tui/app-controller.js';
import { deployment, type Harness, KEY, pod, startApp, until } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** Names in the order the table shows them (rows of the main box that mention `prefix`). */
function rowNames(frame: string, prefix: RegExp): string[] {
  return frame.split('\n').map((l) => l.replace(/^│[ ▸]/, '').trim().split(/\s+/)[0] ?? '').filter((n) => prefix.test(n));
}

describe('the terminal UI: filter, sort, describe, resize, robustness', () => {
  it('filters with /text, /!text and /-l, live as typed; esc clears', async () => {
    h = await startApp({ objects: [pod('web-1', { labels: { app: 'web' } }), pod('web-2', { labels: { app: 'web' } }), pod('api-1', { labels: { app: 'api' } })], advanceMs: 30_000 });
    await h.press(':po default\r', 'pods(default)[3]');
    let f = await h.press('/web', 'pods(default)[2/3] </web>');
    expect(rowNames(f, /^(web|api)-/)).toEqual(['web-1', 'web-2']);
    await h.press(KEY.enter);
    f = await h.press('/' + KEY.backspace.repeat(3) + '!web\r', '[1/3] </!web>');
    expect(rowNames(f, /^(web|api)-/)).toEqual(['api-1']);
    f = await h.press('/' + KEY.backspace.repeat(4) + '-l app=web\r', '[2/3] </-l app=web>');
    expect(rowNames(f, /^(web|api)-/)).toEqual(['web-1', 'web-2']);
    await h.press(KEY.esc, 'pods(default)[3] ');
    // A bad selector is reported, not thrown.
    await h.press('/-l app in (web\r');
    await h.waitForFlash('filter:');
  });

  it('sorts by name (shift-n reverses), age and restarts, marking the column', async () => {
    h = await startApp({ objects: [pod('a-1')], advanceMs: 10_000 });
    h.client.sim.store.create(pod('c-1'));
    h.client.advance(10_000);
    h.client.sim.store.create(pod('b-1'));
    h.client.advance(10_000);
    let f = await h.press(':po default\r', 'pods(default)[3]');
    expect(rowNames(f, /^[abc]-1$/)).toEqual(['a-1', 'b-1', 'c-1']);
    f = await h.press('N', 'NAME↓');
    expect(rowNames(f, /^[abc]-1$/)).toEqual(['c-1', 'b-1', 'a-1']);
    f = await h.press('A', 'AGE↑');
    expect(rowNames(f, /^[abc]-1$/)).toEqual(['b-1', 'c-1', 'a-1']);
    f = await h.press('A', 'AGE↓');
    expect(rowNames(f, /^[abc]-1$/)).toEqual(['a-1', 'c-1', 'b-1']);
    await h.press('T', 'RESTARTS↓');
    // A new pod lands in its place without a re-sort.
    await h.press('N', 'NAME↑');
    h.client.sim.store.create(pod('a-0'));
    h.client.advance(1_000);
    await until(() => expect(rowNames(h!.lastFrame(), /^[abc]-\d$/)).toEqual(['a-0', 'a-1', 'b-1', 'c-1']));
  });

  it('describe of a Pending pod shows the FailedScheduling message and the per-plugin table', async () => {
    h = await startApp({ objects: [pod('huge', { cpu: '64' })], advanceMs: 10_000 });
    await h.press(':po default\r', 'pods(default)[1]');
    await h.waitFor(/huge\s+0\/1\s+Pending/);
    const f = await h.press('d', 'describe(default/huge)');
    expect(f).toMatch(/Status:\s+Pending/);
    await h.press('/Scheduling \\(kubedrill\\)\r', '</Scheduling \\(kubedrill\\)> 1/1');
    const g = h.lastFrame();
    expect(g).toContain('Scheduling (kubedrill):');
    expect(g).toMatch(/NodeResourcesFit/);
    expect(g).toMatch(/Insufficient cpu/);
  });

  it('keeps every frame line within 60 columns and 20 rows after a resize, in every screen', async () => {
    h = await startApp({ objects: [pod('web-1'), pod('a-very-long-pod-name-that-does-not-fit-anywhere-at-all-0')], advanceMs: 30_000 });
    const stdout = h.stdout as unknown as { columns: number; rows: number; emit: (e: string) => boolean };
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 20, configurable: true });
    stdout.emit('resize');
    await until(() => expect(h!.app.columns).toBe(60));
    const check = async (keys: string, text?: string) => {
      await h!.press(keys, text);
      const lines = h!.lastFrame().split('\n');
      expect(lines.length).toBeLessThanOrEqual(19);
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(60);
    };
    await check('', '<overview>');
    for (const p of ['nodes', 'pods', 'events', 'metrics']) await check(KEY.tab, ` ${p}`);
    await check(':po\r', 'pods(all)');
    await check('?', ' help ');
    await check(KEY.esc + ':events\r', 'events(all)');
    await check(':deploy\r', 'deployments(all)');
    await check(':no\r', 'nodes[');
    await check('r', 'Drain');
    await check(KEY.esc + ':po default\r', 'pods(default)');
    await check('d', 'describe');
    await check(KEY.esc + 'y', 'yaml');
    await check(KEY.esc + ':frobs\r');
    await check(':');
  });

  it('survives hundreds of random keystrokes', async () => {
    h = await startApp({ objects: [pod('web-1'), pod('web-2')], advanceMs: 30_000 });
    // A fixed pseudo-random sequence (no Math.random: reproducible failures).
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const keys = ['j', 'k', 'g', 'G', ':', '/', '?', 'd', 'y', 'l', 'p', 'N', 'A', 'S', 'T', '0', '1', '2', '[', ']', '<', '>', '.', 'w', 'n',
      'c', 'u', 's', 'r', '+', '-', 't', 'x', 'q', 'J', ' ', KEY.enter, KEY.esc, KEY.tab, KEY.shiftTab, KEY.up, KEY.down, KEY.backspace,
      KEY.ctrlE, KEY.ctrlW, KEY.ctrlP, KEY.ctrlD, KEY.ctrlK, KEY.ctrlL, 'po\r', 'no\r', 'deploy\r', 'frobs\r'];
    for (let i = 0; i < 400; i++) {
      h.stdin.write(keys[Math.floor(next() * keys.length)]!);
      if (i % 25 === 0) h.client.advance(1_000);
    }
    // Whatever state it is in, it still answers and draws.
    await h.press(KEY.esc + KEY.esc + KEY.esc);
    await h.press(':po\r', 'pods(');
    expect(h.app.quitting).toBe(false);
  });

  it('maps wall time to virtual time at the chosen speed: pause, faster, slower, step', async () => {
    let wall = 0;
    h = await startApp({ app: { wallNow: () => wall } });
    const app: AppController = h.app;
    const t0 = h.client.now();
    wall += 1_000;
    app.tick();
    expect(h.client.now()).toBe(t0);
    await h.press('.', 'Clock:   Jan 01 00:00:01');
    await h.press(KEY.ctrlP, '▶ 1x');
    wall += 500;
    app.tick();
    expect(h.client.now()).toBe(t0 + 1_500);
    await h.press('>>', '⏩ 5x');
    wall += 1_000;
    app.tick();
    expect(h.client.now()).toBe(t0 + 6_500);
    await h.press('<', '⏩ 2x');
    // Wall time arrives in fractions of a millisecond; the cluster only ever sees whole ones.
    wall += 0.3;
    app.tick();
    wall += 0.3;
    app.tick();
    expect(h.client.now()).toBe(t0 + 6_501);
    expect(Number.isInteger(h.client.now())).toBe(true);
    await h.press('.');
    await h.waitForFlash('steps while paused');
    await h.press(KEY.ctrlP, '⏸ paused');
    wall += 10_000;
    app.tick();
    expect(h.client.now()).toBe(t0 + 6_501);
  });
});

describe('the terminal UI: live details', () => {
  it('the metrics pane follows the node or pod selected in the overview', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    await h.waitFor(/metrics\(last \d+m\) web-1 /);
    expect(h.lastFrame()).toMatch(/pod CPU\s+\S+\s+\d+m/);
    await h.press(KEY.shiftTab);
    await h.waitFor(/metrics\(last \d+m\) control-plane-0 /);
    expect(h.lastFrame()).toMatch(/node MEM\s+\S+\s+\d+Mi/);
    await h.press('j', /metrics\(last \d+m\) workers-0 /);
  });

  it('marks cells that changed for a few seconds (READY after a scale)', async () => {
    let wall = 0;
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 30_000, app: { wallNow: () => wall } });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    h.client.scale('Deployment', 'default', 'web', 2);
    h.client.advance(30_000);
    await h.waitFor(/web\s+2\/2/);
    const underlined = () => h!.app.frame().flat().filter((s) => s.underline).map((s) => s.text.trim());
    expect(underlined()).toContain('2/2');
    wall += 10_000;
    expect(underlined()).toEqual([]);
  });
});
