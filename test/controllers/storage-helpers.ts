/** Builders and a simulation with the storage controllers, for the storage tests. */
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from '../../source/api/core.js';
import type { StorageClass } from '../../source/api/cluster-kinds.js';
import type { Simulation } from '../../source/cluster/simulation.js';
import { storageControllers } from '../../source/controllers/storage/index.js';
import { testSimulation } from '../sim-helpers.js';

export function storageSim(opts: Parameters<typeof testSimulation>[0] = {}): Simulation {
  return testSimulation({ ...opts, components: (engine) => storageControllers(engine) });
}

export function claim(name: string, spec: Partial<PersistentVolumeClaim['spec']> = {}, annotations?: Record<string, string>): PersistentVolumeClaim {
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default', annotations },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

export function volume(name: string, size: string, spec: Partial<PersistentVolume['spec']> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', hostPath: { path: `/data/${name}` }, ...spec },
  };
}

export function storageClass(name: string, extra: Partial<StorageClass> = {}): StorageClass {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'example.com/disk', ...extra };
}

export function podWithClaim(name: string, claimName: string, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }], ...extra },
  };
}

export const pvcOf = (sim: Simulation, name: string) => sim.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', name);
export const pvOf = (sim: Simulation, name: string) => sim.store.get<PersistentVolume>('PersistentVolume', undefined, name);

/** Events about one object, oldest first, as [type, reason, message, component]. */
export function eventsOf(sim: Simulation, name: string): [string | undefined, string | undefined, string | undefined, string | undefined][] {
  return sim.store.select<Event>('Event').filter((e) => e.involvedObject.name === name)
    .map((e) => [e.type, e.reason, e.message, e.source?.component]);
}
