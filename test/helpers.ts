/** Shared test fixtures: a small engine with a default namespace, and object builders. */
import type { Pod } from '../source/api/core.js';
import type { KubeObject } from '../source/api/meta.js';
import { Engine, type EngineOptions } from '../source/engine/engine.js';
import { defaultAdmission } from '../source/store/default-admission.js';

/** An engine whose store freezes objects (catches mutation of shared objects) with `default` and `kube-system` namespaces. */
export function testEngine(opts: EngineOptions = {}): Engine {
  const engine = new Engine({ freeze: true, admission: defaultAdmission(), ...opts });
  for (const name of ['default', 'kube-system']) {
    engine.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  engine.settle();
  return engine;
}

export function pod(name: string, extra: { namespace?: string; labels?: Record<string, string>; nodeName?: string; owner?: KubeObject; blockOwnerDeletion?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: extra.namespace ?? 'default', labels: extra.labels,
      ownerReferences: extra.owner ? [{
        apiVersion: extra.owner.apiVersion, kind: extra.owner.kind, name: extra.owner.metadata.name!,
        uid: extra.owner.metadata.uid!, controller: true, blockOwnerDeletion: extra.blockOwnerDeletion ?? true,
      }] : undefined,
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
  };
}

export function configMap(name: string, data: Record<string, string> = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}
