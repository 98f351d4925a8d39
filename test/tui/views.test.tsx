import { afterEach, describe, expect, it } from 'vitest';
import { deployment, type Harness, KEY, pod, startApp, until } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** Every resource view k9s users type, and the title it opens with. */
const VIEWS: [string, string][] = [
  ['pods', 'pods(all)'], ['po', 'pods(all)'], ['nodes', 'nodes['], ['no', 'nodes['], ['deploy', 'deployments(all)'], ['rs', 'replicasets(all)'],
  ['sts', 'statefulsets(all)'], ['ds', 'daemonsets(all)'], ['jobs', 'jobs(all)'], ['cj', 'cronjobs(all)'], ['svc', 'services(all)'],
  ['ep', 'endpoints(all)'], ['events', 'events(all)'], ['hpa', 'horizontalpodautoscalers(all)'], ['pvc', 'persistentvolumeclaims(all)'],
  ['pv', 'persistentvolumes['], ['sc', 'storageclasses['], ['ns', 'namespaces['], ['pdb', 'poddisruptionbudgets(all)'], ['cm', 'configmaps(all)'],
  ['secrets', 'secrets(all)'], ['sa', 'serviceaccounts(all)'], ['leases', 'leases(all)'],
];

describe('the terminal UI: views', () => {
  it('opens on the operations overview: header, four panes, crumbs', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    const f = h.lastFrame();
    for (const text of ['Cluster: test', 'Nodes:   4 (4 Ready)', 'Speed:   ⏸ paused', 'Seed:    1', '[RW]', ' nodes[4/4 Ready] ', ' pods(all)[', ' events(all)[', ' metrics', '<overview>']) {
      expect(f).toContain(text);
    }
    expect(f).toContain('web-1');
  });

  it('-c VIEW opens a view at start; the header shows requested and used CPU / MEM', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000, app: { command: 'deploy kube-system' } });
    await h.waitFor('deployments(kube-system)');
    h.app.tick();
    await h.waitFor(/CPU:\s+[\d.]+\/15\.6 req \d+% use \d+%/);
  });

  it('opens every resource view through `:` with its k9s alias', async () => {
    h = await startApp();
    for (const [alias, title] of VIEWS) {
      await h.press(`:${alias}\r`, title);
      expect(h.lastFrame(), alias).toMatch(/<overview>\s+<\w+>/);
    }
  });

  it('shows kubectl\'s columns for pods and nodes, and the namespace column only across namespaces', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    let f = await h.press(':pods\r', 'pods(all)');
    expect(f).toMatch(/NAMESPACE\s+NAME↑\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(f).toMatch(/default\s+web-1\s+1\/1\s+Running\s+0\s+30s/);
    f = await h.press(':po default\r', 'pods(default)[1]');
    expect(f).not.toContain('NAMESPACE');
    f = await h.press(':nodes\r', 'nodes[4]');
    expect(f).toMatch(/NAME↑\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(f).toMatch(/control-plane-0\s+Ready\s+control-plane/);
  });

  it('`:po kube-system` opens one namespace; 0–9 switch favourites; unknown resources are flashed', async () => {
    h = await startApp();
    await h.press(':po kube-system\r', 'pods(kube-system)');
    await h.press('0', 'pods(all)');
    await h.press(':frobs\r', 'the server doesn\'t have a resource type "frobs"');
  });

  it('`esc` goes back, `[` / `]` walk the command history, `ctrl-e` hides the header', async () => {
    h = await startApp();
    await h.press(':deploy\r', 'deployments(all)');
    await h.press(':svc\r', 'services(all)');
    await h.press('[', 'deployments(all)');
    await h.press(']', 'services(all)');
    await h.press(KEY.esc, ' nodes[');
    expect(h.lastFrame()).toContain('Cluster: test');
    await h.press(KEY.ctrlE);
    await h.waitFor('Cluster: test', true);
  });

  it('`?` lists every binding of the current view, and esc returns', async () => {
    h = await startApp();
    await h.press(':nodes\r', 'nodes[');
    const f = await h.press('?', ' help ');
    for (const text of ['<c>', 'Cordon', 'Uncordon', 'Drain', 'Describe', 'YAML', 'Toggle Wide', '<shift-n>', 'Sort Name', 'GENERAL', '<ctrl-p>', 'Resume', '<j> <down>']) expect(f).toContain(text);
    await h.press('q', 'nodes[');
    await h.press(':po\r?', 'Logs Previous');
  });

  it('`enter` on a node lists its pods; on a deployment its pods; `shift-j` jumps to the owner', async () => {
    h = await startApp({ objects: [deployment('web', 2)], advanceMs: 30_000 });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    await h.press(KEY.enter, 'pods(default:web)[2]');
    await h.press('J', 'replicasets(default)');
    await h.press(':nodes\r', 'nodes[');
    await h.press(KEY.enter, `pods(node:control-plane-0)[${h.client.podsOnNode('control-plane-0').length}]`);
  });

  it('describe, YAML and logs open on a pod and are searchable', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    await h.press(':po default\r', 'pods(default)[1]');
    let f = await h.press('y', 'yaml(default/web-1)');
    expect(f).toContain('kind: Pod');
    expect(f).not.toContain('managedFields');
    f = await h.press('/image\r', '</image>');
    expect(f).toMatch(/<\/image> 1\/\d+/);
    await h.press('n');
    await h.press(KEY.esc, 'pods(default)[1]');
    f = await h.press('d', 'describe(default/web-1)');
    expect(f).toMatch(/Name:\s+web-1/);
    await h.press(KEY.esc, 'pods(default)[1]');
    f = await h.press('l', 'logs(default/web-1:app)');
    expect(f).toContain('Autoscroll:On');
    await h.press('t', 'Timestamps:On');
  });

  it('tab moves the overview focus; enter opens the focused pane full-screen on the same row', async () => {
    h = await startApp({ objects: [pod('web-1')], advanceMs: 30_000 });
    await h.press(KEY.shiftTab);
    await h.press(KEY.enter, 'nodes[4]');
    await h.press(KEY.esc);
    await until(() => expect(h!.crumbs()).toBe(' <overview>'));
    await h.press(KEY.tab + KEY.tab);
    await h.press(KEY.enter, 'events(all)[');
  });
});
