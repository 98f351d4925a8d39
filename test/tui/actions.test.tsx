import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../source/api/meta.js';
import { deployment, type Harness, KEY, pod, startApp, until } from './helpers.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

/** A PodDisruptionBudget that allows no disruption of `app`. */
function pdb(app: string, minAvailable: number): KubeObject {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: app, namespace: 'default' },
    spec: { minAvailable, selector: { matchLabels: { app } } },
  } as KubeObject;
}

/** The row of the table that mentions `name`. */
const row = (frame: string, name: string) => frame.split('\n').find((l) => l.includes(name)) ?? '';

describe('the terminal UI: actions', () => {
  it('scales a Deployment from the dialog and READY converges as virtual time passes', async () => {
    h = await startApp({ objects: [deployment('web', 2)], advanceMs: 30_000 });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    await until(() => expect(row(h!.lastFrame(), 'web')).toMatch(/web\s+2\/2/));
    let f = await h.press('s', ' Scale ');
    expect(f).toContain('Replicas:');
    expect(f).toContain('2▏');
    await h.press(KEY.backspace + '4');
    await h.press(KEY.enter, 'deployment.apps/web scaled');
    expect(h.client.get<KubeObject & { spec: { replicas: number } }>('Deployment', 'default', 'web')!.spec.replicas).toBe(4);
    h.client.advance(60_000);
    f = await h.waitFor(/web\s+4\/4/);
    await h.press('-', 'deployment.apps/web scaled');
    h.client.advance(60_000);
    await h.waitFor(/web\s+3\/3/);
  });

  it('a refused action shows the upstream error in the flash line and the UI keeps running', async () => {
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 10_000 });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    await h.press('s', ' Scale ');
    await h.press(KEY.backspace + '-1' + KEY.enter);
    expect(await h.waitForFlash('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')).toMatch(/^✗/);
    // A dialog with a malformed value stays open with the reason.
    await h.press('s', ' Scale ');
    await h.press(KEY.backspace + KEY.backspace + KEY.enter, 'replicas must be a whole number');
    await h.press(KEY.esc);
    await h.press('j', 'deployments(default)[1]');
  });

  it('cordon shows SchedulingDisabled, uncordon clears it', async () => {
    h = await startApp();
    await h.press(':nodes\r', 'nodes[4]');
    await h.press('j');
    await h.press('c', 'node/workers-0 cordoned');
    await until(() => expect(row(h!.lastFrame(), 'workers-0')).toContain('Ready,SchedulingDisabled'));
    await h.press('u', 'node/workers-0 uncordoned');
    await until(() => expect(row(h!.lastFrame(), 'workers-0')).not.toContain('SchedulingDisabled'));
  });

  it('a drain blocked by a PodDisruptionBudget shows the eviction error', async () => {
    h = await startApp({ objects: [deployment('web', 3), pdb('web', 3)], advanceMs: 60_000 });
    await h.press(':nodes\r', 'nodes[4]');
    await h.press('j');
    const f = await h.press('r', ' Drain ');
    expect(f).toContain('Ignore DaemonSets');
    expect(f).toContain('Grace Period');
    await h.press(KEY.enter);
    await until(() => expect(h!.client.get<KubeObject & { spec: { unschedulable?: boolean } }>('Node', undefined, 'workers-0')!.spec.unschedulable).toBe(true));
    h.client.advance(1_000);
    await h.waitForFlash('Cannot evict pod as it would violate the pod\'s disruption budget.');
    expect(h.client.podsOnNode('workers-0').some((p) => p.metadata.labels?.app === 'web')).toBe(true);
  });

  it('kills a pod (grace 0) with ctrl-k and deletes with ctrl-d after the dialog', async () => {
    h = await startApp({ objects: [pod('web-1'), pod('web-2')], advanceMs: 30_000 });
    await h.press(':po default\r', 'pods(default)[2]');
    await h.press(KEY.ctrlK, 'pod "web-1" deleted');
    await h.waitFor('pods(default)[1]');
    const f = await h.press(KEY.ctrlD, ' Delete ');
    expect(f).toContain('(•) Background');
    await h.press(KEY.enter, 'pod "web-2" deleted');
    expect(h.client.get('Pod', 'default', 'web-2')?.metadata.deletionTimestamp).toBeTruthy();
  });

  it('space marks rows and an action applies to every marked row', async () => {
    h = await startApp({ objects: [pod('a-1'), pod('b-1'), pod('c-1')], advanceMs: 30_000 });
    await h.press(':po default\r', 'pods(default)[3]');
    // space marks and moves down: a-1 marked, j skips b-1, c-1 marked.
    await h.press(KEY.space + 'j' + KEY.space, '✓2');
    await h.press(KEY.ctrlK, '(+1 more)');
    await h.waitFor('pods(default)[1]');
    expect(h.client.get('Pod', 'default', 'b-1')).toBeDefined();
    expect(h.client.get('Pod', 'default', 'a-1')).toBeUndefined();
  });

  it('`e` edits replicas, image and resources in a small form (one patch)', async () => {
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 10_000 });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    const f = await h.press('e', ' Edit ');
    expect(f).toContain('nginx:1.27');
    expect(f).toContain('100m');
    // Replicas → Image: replace it; CPU request: clear it.
    await h.press(KEY.tab + '\x15' + 'nginx:1.28' + KEY.tab + '\x15');
    await h.press(KEY.enter);
    await h.waitForFlash('deployment.apps/web patched');
    const d = h.client.get<KubeObject & { spec: { template: { spec: { containers: { image: string; resources: { requests?: Record<string, string> } }[] } } } }>('Deployment', 'default', 'web')!;
    expect(d.spec.template.spec.containers[0]!.image).toBe('nginx:1.28');
    expect(d.spec.template.spec.containers[0]!.resources.requests).toEqual({ memory: '64Mi' });
  });

  it('rollout restart asks first and reports kubectl\'s message', async () => {
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 10_000 });
    await h.press(':deploy default\r', 'deployments(default)[1]');
    await h.press('r', 'Restart deployment default/web?');
    await h.press(KEY.enter, 'deployment.apps/web restarted');
  });

  it('--readonly hides mutating keys and refuses them', async () => {
    h = await startApp({ objects: [deployment('web', 1)], advanceMs: 10_000, app: { readonly: true } });
    let f = await h.press(':deploy default\r', 'deployments(default)[1]');
    expect(f).toContain('[R]');
    expect(f).not.toContain('<s> Scale');
    expect(f).toContain('<d> Describe');
    f = await h.press('s', 'read-only mode: Scale is disabled');
    expect(f).not.toContain(' Scale ┐');
    await h.press(':apply fixtures/apps\r', 'read-only mode: apply is disabled');
  });

  it('`:apply PATH` applies manifests and lists what happened', async () => {
    h = await startApp();
    await h.press(':apply fixtures/apps/zeus-zap.yaml\r', 'namespace/zeus-zap created');
    await h.press(KEY.esc);
    await h.press(':deploy zeus-zap\r', 'deployments(zeus-zap)[3]');
  });
});
