import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../source/api/core.js';
import type { KubeObject } from '../../source/api/meta.js';
import * as actions from '../../source/cluster/actions/index.js';
import { createAll, testSimulation } from '../sim-helpers.js';

const pod = (name: string, extra: Partial<Pod['metadata']> = {}, spec: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', ...extra },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } }], ...spec },
});

describe('operator actions', () => {
  it('cordon / uncordon print kubectl\'s lines and set spec.unschedulable', () => {
    const sim = testSimulation();
    expect(actions.cordon(sim, 'workers-0', true)).toBe('node/workers-0 cordoned');
    expect(actions.cordon(sim, 'workers-0', true)).toBe('node/workers-0 already cordoned');
    expect(sim.store.get<Node>('Node', undefined, 'workers-0').spec.unschedulable).toBe(true);
    expect(actions.cordon(sim, 'workers-0', false)).toBe('node/workers-0 uncordoned');
    expect(sim.store.get<Node>('Node', undefined, 'workers-0').spec.unschedulable).toBeUndefined();
    expect(() => actions.cordon(sim, 'nope', true)).toThrow('nodes "nope" not found');
  });

  it('a cordoned node gets no new pods', () => {
    const sim = testSimulation({ workers: 2 });
    actions.cordon(sim, 'workers-0', true);
    createAll(sim, [pod('a'), pod('b'), pod('c')]);
    sim.advance(10_000);
    for (const p of sim.store.select<Pod>('Pod', { namespace: 'default' })) expect(p.spec.nodeName).toBe('workers-1');
  });

  it('delete prints kubectl\'s wording, with the force warning', () => {
    const sim = testSimulation();
    createAll(sim, [pod('a'), pod('b')]);
    sim.advance(10_000);
    expect(actions.deleteObject(sim, 'Pod', 'default', 'a')).toBe('pod "a" deleted');
    expect(sim.store.get<Pod>('Pod', 'default', 'a').metadata.deletionTimestamp).toBeDefined();
    expect(actions.deleteObject(sim, 'Pod', 'default', 'b', { force: true })).toMatch(/^Warning: Immediate deletion does not wait.*\npod "b" deleted$/s);
    expect(sim.store.tryGet('Pod', 'default', 'b')).toBeUndefined();
  });

  it('scale refuses kinds without a scale subresource and negative counts with the API error', () => {
    const sim = testSimulation();
    expect(() => actions.scale(sim, 'Pod', 'default', 'x', 2)).toThrow(/cannot scale Pod/);
    createAll(sim, [{
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'nginx' }] } } },
    } as KubeObject]);
    expect(actions.scale(sim, 'ReplicaSet', 'default', 'rs', 3)).toBe('replicaset.apps/rs scaled');
    expect(() => actions.scale(sim, 'ReplicaSet', 'default', 'rs', -1)).toThrow('ReplicaSet.apps "rs" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
  });

  it('apply creates, then reports unchanged / configured, and removes fields dropped from the file', () => {
    const sim = testSimulation();
    const dir = mkdtempSync(path.join(tmpdir(), 'kubedrill-apply-'));
    const file = path.join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {a: "1", b: "2"}\n');
    expect(actions.applyPath(sim, file).lines).toEqual(['configmap/cfg created']);
    expect(actions.applyPath(sim, file).lines).toEqual(['configmap/cfg unchanged']);
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: default}\ndata: {a: "9"}\n');
    expect(actions.applyPath(sim, file).lines).toEqual(['configmap/cfg configured']);
    expect(sim.store.get('ConfigMap', 'default', 'cfg').data).toEqual({ a: '9' });
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec: {containers: []}\n');
    const bad = actions.applyPath(sim, file);
    expect(bad.ok).toBe(false);
    expect(bad.lines[0]).toMatch(/cm\.yaml:\d+: error: Pod "bad" is invalid/);
    expect(sim.store.get('ConfigMap', 'default', 'cfg').data).toEqual({ a: '9' }); // nothing lost
  });

  it('drain refuses bare pods without --force, listing them as kubectl does', () => {
    const sim = testSimulation({ workers: 1 });
    createAll(sim, [pod('bare')]);
    sim.advance(10_000);
    const d = actions.drain(sim, 'workers-0', {});
    expect(d.state).toBe('failed');
    // Every node runs a kube-proxy DaemonSet pod, as on a kubeadm cluster: without --ignore-daemonsets kubectl refuses those too.
    const proxy = sim.store.select<Pod>('Pod', { nodeName: 'workers-0' }).find((p) => p.metadata.name!.startsWith('kube-proxy-'))!;
    const ds = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy.metadata.name}`;
    const bare = 'cannot delete Pods declare no controller (use --force to override): default/bare';
    expect(d.lines).toEqual([
      'node/workers-0 cordoned',
      `error: unable to drain node "workers-0" due to error: ${ds}, ${bare}, continuing command...`,
      'There are pending nodes to be drained:',
      ' workers-0',
      ds,
      bare,
    ]);
    const again = actions.drain(sim, 'workers-0', { ignoreDaemonSets: true });
    expect(again.lines[0]).toBe('node/workers-0 already cordoned');
    expect(again.lines.at(-1)).toBe(bare);
  });

  it('drain --force evicts, waits for the pods to go, and reports drained', () => {
    const sim = testSimulation({ workers: 2 });
    createAll(sim, [pod('a', {}, { nodeName: 'workers-0' }), pod('b', {}, { nodeName: 'workers-0' })]);
    sim.advance(10_000);
    const d = actions.drain(sim, 'workers-0', { force: true, ignoreDaemonSets: true });
    sim.advance(60_000);
    expect(d.lines[0]).toBe('node/workers-0 cordoned');
    expect(d.lines[1]).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w{5}$/);
    expect(d.lines).toContain('evicting pod default/a');
    expect(d.lines).toContain('pod/a evicted');
    expect(d.lines.at(-1)).toBe('node/workers-0 drained');
    expect(d.state).toBe('done');
  });

  it('drain honours a PDB: one eviction at a time, 429 retried every 5 s', () => {
    const sim = testSimulation({ workers: 2 });
    const labels = { app: 'db' };
    createAll(sim, [
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db', namespace: 'default' }, spec: { minAvailable: 2, selector: { matchLabels: labels } } } as KubeObject,
      pod('db-0', { labels }, { nodeName: 'workers-0' }), pod('db-1', { labels }, { nodeName: 'workers-0' }), pod('db-2', { labels }, { nodeName: 'workers-1' }),
    ]);
    sim.advance(30_000);
    const d = actions.drain(sim, 'workers-0', { force: true, ignoreDaemonSets: true, timeoutMs: 60_000 });
    sim.advance(61_000);
    expect(d.lines.filter((l) => l.startsWith('error when evicting pods/')).length).toBeGreaterThan(0);
    expect(d.lines.some((l) => l.includes('Cannot evict pod as it would violate the pod\'s disruption budget.'))).toBe(true);
    // Bare pods are never replaced, so the PDB stays at its limit and the drain times out.
    expect(d.state).toBe('failed');
    expect(d.lines.at(-1)).toMatch(/global timeout reached: 1m0s, continuing command\.\.\.$/);
  });
});
