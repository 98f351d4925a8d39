import { describe, expect, it } from 'vitest';
import type { Pod } from '../../source/api/core.js';
import type { KubeObject, OwnerReference } from '../../source/api/meta.js';
import { type ObjectReader, controllerRef, workloadKey, workloadOf } from '../../source/metrics/workload.js';

const ref = (kind: string, name: string, uid: string, controller = true): OwnerReference => ({ apiVersion: 'apps/v1', kind, name, uid, controller });

function obj(kind: string, name: string, uid: string, owners?: OwnerReference[]): KubeObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'shop', uid, ownerReferences: owners } };
}

function pod(owners?: OwnerReference[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop', ownerReferences: owners }, spec: { containers: [] } };
}

function reader(...objects: KubeObject[]): ObjectReader {
  return {
    tryGet: <T extends KubeObject>(kind: string, _ns: string | undefined, name: string) =>
      objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined,
  };
}

describe('workloadOf', () => {
  const rs = obj('ReplicaSet', 'frontend-7d4b9c', 'rs-1', [ref('Deployment', 'frontend', 'dep-1')]);

  it('lifts ReplicaSet → Deployment and Job → CronJob', () => {
    expect(workloadOf(pod([ref('ReplicaSet', 'frontend-7d4b9c', 'rs-1')]), reader(rs))).toEqual({ kind: 'Deployment', namespace: 'shop', name: 'frontend', uid: 'dep-1' });
    const job = obj('Job', 'report-28930', 'job-1', [ref('CronJob', 'report', 'cj-1')]);
    expect(workloadOf(pod([ref('Job', 'report-28930', 'job-1')]), reader(job))).toMatchObject({ kind: 'CronJob', name: 'report' });
  });

  it('keeps StatefulSet, DaemonSet, a bare ReplicaSet and a bare Job as they are', () => {
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicationController']) {
      expect(workloadOf(pod([ref(kind, 'x', 'u')]), reader())).toEqual({ kind, namespace: 'shop', name: 'x', uid: 'u' });
    }
    const bare = obj('ReplicaSet', 'legacy', 'rs-2');
    expect(workloadOf(pod([ref('ReplicaSet', 'legacy', 'rs-2')]), reader(bare))).toMatchObject({ kind: 'ReplicaSet', name: 'legacy' });
    expect(workloadOf(pod([ref('Job', 'once', 'job-2')]), reader())).toMatchObject({ kind: 'Job', name: 'once' });
  });

  it('does not follow a stale owner (same name, another uid) nor non-controller references', () => {
    expect(workloadOf(pod([ref('ReplicaSet', 'frontend-7d4b9c', 'rs-old')]), reader(rs))).toMatchObject({ kind: 'ReplicaSet', name: 'frontend-7d4b9c' });
    expect(workloadOf(pod([ref('ReplicaSet', 'frontend-7d4b9c', 'rs-1', false)]), reader(rs))).toBeUndefined();
    expect(workloadOf(pod(), reader(rs))).toBeUndefined();
    expect(workloadOf(pod([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: 'n1', controller: true }]), reader())).toBeUndefined();
    expect(controllerRef(undefined)).toBeUndefined();
  });

  it('keys workloads as namespace/Kind/name', () => {
    expect(workloadKey({ kind: 'Deployment', namespace: 'shop', name: 'frontend' })).toBe('shop/Deployment/frontend');
  });
});
