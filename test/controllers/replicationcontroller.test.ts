import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Event, Pod, ReplicationController } from '../../source/api/core.js';
import { loadManifestText } from '../../source/api/manifest.js';
import { createAll } from '../sim-helpers.js';
import { eventLines, podNameOf, podsOf, template, workloadSimulation } from './deployment-helpers.js';

const rc = (name: string, replicas: number, selector?: Record<string, string>): ReplicationController => ({
  apiVersion: 'v1', kind: 'ReplicationController', metadata: { name, namespace: 'default' },
  spec: { replicas, ...(selector ? { selector } : {}), template: template({ app: name, tier: 'backend' }) },
});

describe('ReplicationController controller', () => {
  it('keeps N pods over the equality selector (defaulted from the template labels)', () => {
    const sim = workloadSimulation();
    createAll(sim, [rc('redis', 3)]);
    sim.advance(30_000);
    const obj = sim.store.get<ReplicationController>('ReplicationController', 'default', 'redis');
    expect(obj.spec.selector).toEqual({ app: 'redis', tier: 'backend' });
    const pods = podsOf(sim.store, obj);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(podNameOf('redis'));
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController', name: 'redis', controller: true });
      expect(p.status?.phase).toBe('Running');
    }
    expect(obj.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    const created = sim.store.select<Event>('Event', { namespace: 'default' }).filter((e) => e.reason === 'SuccessfulCreate');
    expect(created).toHaveLength(3);
    expect(created.every((e) => e.source?.component === 'replication-controller')).toBe(true);
  });

  it('scales down and adopts an orphan that matches every selector key', () => {
    const sim = workloadSimulation();
    createAll(sim, [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'partial', namespace: 'default', labels: { app: 'redis' } }, spec: { containers: [{ name: 'c', image: 'redis:7.2' }] } } as Pod,
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'full', namespace: 'default', labels: { app: 'redis', tier: 'backend' } }, spec: { containers: [{ name: 'c', image: 'redis:7.2' }] } } as Pod,
    ]);
    createAll(sim, [rc('redis', 3)]);
    sim.advance(30_000);
    const obj = sim.store.get<ReplicationController>('ReplicationController', 'default', 'redis');
    expect(sim.store.get<Pod>('Pod', 'default', 'full').metadata.ownerReferences?.[0]?.uid).toBe(obj.metadata.uid);
    expect(sim.store.get<Pod>('Pod', 'default', 'partial').metadata.ownerReferences).toBeUndefined();
    sim.store.update({ ...obj, spec: { ...obj.spec, replicas: 1 } });
    sim.advance(60_000);
    expect(podsOf(sim.store, obj)).toHaveLength(1);
    expect(eventLines(sim.store, obj, 'SuccessfulDelete')).toHaveLength(2);
  });

  it('rejects an RC whose selector does not match its template labels', () => {
    const sim = workloadSimulation();
    expect(() => sim.store.create(rc('redis', 1, { app: 'other' }))).toThrow(/spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/);
  });

  it('runs the corpus file redis-master-replicationcontroller.yaml to a Running pod', () => {
    const file = '/work/shared/corpus/redis-master-replicationcontroller.yaml';
    const loaded = loadManifestText(readFileSync(file, 'utf8'), file);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const sim = workloadSimulation();
    expect(sim.apply(loaded.objects).map((o) => o.action)).toEqual(['created']);
    sim.advance(60_000);
    const pods = sim.store.select<Pod>('Pod', { namespace: 'default' });
    expect(pods).toHaveLength(1);
    expect(pods[0]!.metadata.name).toMatch(/^redis-master-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods[0]!.status?.phase).toBe('Running');
    expect(pods[0]!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });
});
