import { formatMemoryMi, formatMilliCPU } from '../../source/api/quantity.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../source/api/meta.js';
import { TableScreen } from '../../source/tui/views/table-screen.js';
import { deployment, type Harness, KEY, pod, startApp, until } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const SHIFT_RIGHT = '\x1b[1;2C', SHIFT_LEFT = '\x1b[1;2D', CTRL_RIGHT = '\x1b[1;5C', CTRL_Z = '\x1a', CTRL_O = '\x0f';

/** A pod with an init container (busybox exits at once), an app that crashes 2 s after each start, and a sidecar. */
const multi = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'multi', namespace: 'default', annotations: { 'sim.kubedrill.io/app.crash-after': '2s' } },
  spec: {
    initContainers: [{ name: 'migrate', image: 'busybox:1.36' }],
    containers: [
      { name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } },
      { name: 'side', image: 'nginx:1.27', resources: { requests: { cpu: '50m', memory: '32Mi' } } },
    ],
  },
} as unknown as KubeObject;

/** Names in the order the table shows them (rows of the main box whose first cell matches `prefix`). */
function rowNames(frame: string, prefix: RegExp): string[] {
  return frame.split('\n').map((l) => l.replace(/^│[ ▸]/, '').trim().split(/\s+/)[0] ?? '').filter((n) => prefix.test(n));
}

describe('the terminal UI: containers view', () => {
  it('`enter` on a pod lists its containers with k9s\'s columns; `l` / `enter` open that container\'s logs; esc goes back', async () => {
    h = await startApp({ objects: [multi], advanceMs: 60_000 });
    await h.press(':po default\r', 'pods(default)[1]');
    let f = await h.press(KEY.enter, 'containers(default/multi)[3]');
    expect(h.crumbs()).toMatch(/<pods>\s+<containers>$/);
    expect(f).toMatch(/NAME\s+IMAGE\s+READY\s+STATE\s+INIT\s+RESTARTS\s+PROBES\(L:R\)\s+CPU\s+MEM\s+AGE/);
    expect(rowNames(f, /^(migrate|app|side)$/)).toEqual(['migrate', 'app', 'side']);
    expect(f).toMatch(/migrate\s+busybox:1\.36\s+true\s+Completed\s+true\s+0/);
    expect(f).toMatch(/app\s+nginx:1\.27\s+false\s+(CrashLoopBackOff|Error)\s+false\s+[1-9]/);
    // CPU / MEM are metrics-server's (as the pods view's): n/a while the pod has no metrics (a restart starts it over).
    const side = h.client.metrics.podMetrics('default', 'multi')?.containers.find((c) => c.name === 'side');
    const usage = side ? `${formatMilliCPU(side.cpuMilli)}\\s+${formatMemoryMi(side.memoryBytes)}` : 'n/a\\s+n/a';
    expect(f).toMatch(new RegExp(`side\\s+nginx:1\\.27\\s+true\\s+Running\\s+false\\s+0\\s+off:off\\s+${usage}\\s+60s`));
    await h.press('jj');
    f = await h.press('l', 'logs(default/multi:side)');
    await h.press(KEY.esc, 'containers(default/multi)');
    await h.press('k' + KEY.enter, 'logs(default/multi:app)');
    await h.press(KEY.esc + 'p', 'logs(default/multi:app)[previous]');
    await h.press(KEY.esc + 'y', 'yaml(default/multi:app)');
    expect(h.lastFrame()).toContain('image: nginx:1.27');
    await h.press(KEY.esc + KEY.esc, 'pods(default)[1]');
  });

  it('filters, shows faults only, sorts by restarts and by a picked column', async () => {
    h = await startApp({ objects: [multi], advanceMs: 60_000 });
    await h.press(':po default\r' + KEY.enter, 'containers(default/multi)[3]');
    let f = await h.press(CTRL_Z, 'containers(default/multi)[1/3] <faults>');
    expect(rowNames(f, /^(migrate|app|side)$/)).toEqual(['app']);
    await h.press(CTRL_Z, 'containers(default/multi)[3]');
    f = await h.press('/side\r', '[1/3] </side>');
    expect(rowNames(f, /^(migrate|app|side)$/)).toEqual(['side']);
    await h.press(KEY.esc, 'containers(default/multi)[3] ');
    f = await h.press('T', 'RESTARTS↓');
    expect(rowNames(f, /^(migrate|app|side)$/)[0]).toBe('app');
    f = await h.press('N', 'NAME↑');
    expect(rowNames(f, /^(migrate|app|side)$/)).toEqual(['app', 'migrate', 'side']);
    // Pick IMAGE (the column after NAME) and sort by it, then again to reverse.
    await h.press(SHIFT_RIGHT);
    await h.waitForFlash('column IMAGE picked');
    f = await h.press('O', 'IMAGE↑');
    expect(rowNames(f, /^(migrate|app|side)$/)).toEqual(['migrate', 'app', 'side']);
    await h.press(CTRL_O, 'IMAGE↓');
  });

  it('says when the pod is gone and still goes back', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    await h.press(':po default\r' + KEY.enter, 'containers(default/web-1)[1]');
    h.client.delete('Pod', 'default', 'web-1', { gracePeriodSeconds: 0, force: true });
    h.client.advance(1_000);
    h.app.tick();
    await h.waitFor('pod default/web-1 no longer exists');
    await h.press('l');
    await h.press('q', 'pods(default)[0]');
  });
});

describe('the terminal UI: faults only and column picking', () => {
  it('`ctrl-z` shows only faults in a table and in the overview\'s panes, again to show all', async () => {
    h = await startApp({ objects: [pod('web-1'), pod('web-2'), pod('huge', { cpu: '64' })], advanceMs: 30_000 });
    await h.press(':po default\r', 'pods(default)[3]');
    let f = await h.press(CTRL_Z, 'pods(default)[1/3] <faults>');
    expect(rowNames(f, /^(web-\d|huge)$/)).toEqual(['huge']);
    // New faults appear as they happen.
    h.client.sim.store.create(pod('huge-2', { cpu: '64' }));
    h.client.advance(1_000);
    f = await h.waitFor('pods(default)[2/4] <faults>');
    expect(rowNames(f, /^(web-\d|huge.*)$/)).toEqual(['huge', 'huge-2']);
    // Faults only and a filter together.
    f = await h.press('/-2\r', '[1/4] <faults> </-2>');
    expect(rowNames(f, /^(web-\d|huge.*)$/)).toEqual(['huge-2']);
    await h.press(KEY.esc, 'pods(default)[2/4] <faults> ');
    f = await h.press(CTRL_Z, 'pods(default)[4] ');
    expect(rowNames(f, /^(web-\d|huge.*)$/)).toEqual(['huge', 'huge-2', 'web-1', 'web-2']);
    // The overview's pods pane (focused at start) takes ctrl-z too.
    await h.press(':overview\r', '<overview>');
    await h.press(CTRL_Z, '<faults>');
    expect(h.lastFrame()).not.toMatch(/web-1\s+1\/1/);
  });

  it('`shift-←/→` pick a column and `shift-o` sorts by it (ascending, again descending); pods use ctrl-o', async () => {
    h = await startApp({ objects: [deployment('web', 3), deployment('api', 1), deployment('db', 2)], advanceMs: 60_000 });
    let f = await h.press(':deploy default\r', 'deployments(default)[3]');
    expect(rowNames(f, /^(web|api|db)$/)).toEqual(['api', 'db', 'web']);
    await h.press(SHIFT_RIGHT);
    await h.waitForFlash('column READY picked: <shift-o> sorts by it');
    f = await h.press('O', 'READY↑');
    expect(rowNames(f, /^(web|api|db)$/)).toEqual(['api', 'db', 'web']);
    f = await h.press('O', 'READY↓');
    expect(rowNames(f, /^(web|api|db)$/)).toEqual(['web', 'db', 'api']);
    // Left from READY goes back to NAME, and sorting by it is name order again.
    await h.press(SHIFT_LEFT);
    await h.waitForFlash('column NAME picked');
    f = await h.press('O', 'NAME↑');
    expect(rowNames(f, /^(web|api|db)$/)).toEqual(['api', 'db', 'web']);
    // Pods keep shift-o for NODE (k9s); ctrl-→ / ctrl-o pick and sort there.
    await h.press(':po default\r', 'pods(default)[');
    await h.press(CTRL_RIGHT);
    await h.waitForFlash('column READY picked: <ctrl-o> sorts by it');
    await h.press(CTRL_O, 'READY↑');
    // NODE is a wide column here: the sort applies even where the column is not shown.
    await h.press('O');
    await until(() => expect((h!.app.top as TableScreen).view.model.sort.id).toBe('node'));
  });

  it('sorts a time column by the timestamps behind it', async () => {
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 30_000 });
    await h.press(':jobs\r', 'jobs(all)');
    // The Job view's columns: NAME STATUS COMPLETIONS DURATION AGE; DURATION sorts by the clock, AGE by creation.
    await h.press(SHIFT_RIGHT + SHIFT_RIGHT + SHIFT_RIGHT);
    await h.waitForFlash('column DURATION picked');
    await h.press('O', 'DURATION↑');
  });

  it('keeps the containers view within 60×20', async () => {
    h = await startApp({ objects: [multi], advanceMs: 60_000 });
    const stdout = h.stdout as unknown as { columns: number; rows: number; emit: (e: string) => boolean };
    Object.defineProperty(stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: 20, configurable: true });
    stdout.emit('resize');
    await until(() => expect(h!.app.columns).toBe(60));
    for (const [keys, text] of [[':po default\r', 'pods(default)'], [KEY.enter, 'containers('], ['\x17', 'containers('], [CTRL_Z, '<faults>']] as const) {
      await h.press(keys, text);
      const lines = h.lastFrame().split('\n');
      expect(lines.length).toBeLessThanOrEqual(19);
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(60);
    }
    expect(h.lastFrame()).toMatch(/app\s+\S+\s+false/);
  });
});
