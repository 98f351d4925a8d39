/** `kubectl get`-style output of store contents: tables (several kinds as `kubectl get all` prints them), YAML, JSON. */
import { stringify } from 'yaml';
import { type KindInfo, KINDS, resolveResource } from '../api/kinds.js';
import type { KubeObject } from '../api/meta.js';
import { printGet } from '../api/print/index.js';
import type { ApiStore } from '../store/store.js';

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json';

/** Resolve `pods,svc,all` to kinds; `all` is kubectl's "all" category. Unknown names throw with kubectl's message. */
export function resolveKinds(spec: string): KindInfo[] {
  const out: KindInfo[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const found = raw === 'all' ? KINDS.filter((k) => k.categories?.includes('all')) : [resolveResource(raw)];
    for (const info of found) {
      if (!info) throw new Error(`error: the server doesn't have a resource type "${raw}"`);
      if (!out.includes(info)) out.push(info);
    }
  }
  return out;
}

/** kubectl's `all` order: pods, services, daemonsets, deployments, replicasets, statefulsets, hpa, cronjobs, jobs. */
const ALL_ORDER = ['Pod', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler', 'CronJob', 'Job'];

function objectsOf(store: ApiStore, info: KindInfo, namespace: string | undefined): KubeObject[] {
  // Row order is the API server's list order (namespace/name), as kubectl prints it — events included.
  return store.select(info.kind, { namespace: info.namespaced ? namespace : undefined });
}

/** Render what `kubectl get <kinds> [-n ns | -A] [-o ...]` prints; returns stdout and stderr text. */
export function renderGet(store: ApiStore, kinds: KindInfo[], opts: { namespace?: string; allNamespaces: boolean; output: OutputFormat; nowMs: number }): { stdout: string; stderr: string } {
  const namespace = opts.allNamespaces ? undefined : (opts.namespace ?? 'default');
  const ordered = kinds.length > 1 ? [...kinds].sort((a, b) => rank(a) - rank(b)) : kinds;
  if (opts.output === 'yaml' || opts.output === 'json') {
    const items = ordered.flatMap((info) => objectsOf(store, info, namespace));
    const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    const single = kinds.length === 1 && items.length === 1 ? items[0] : list;
    return { stdout: opts.output === 'json' ? JSON.stringify(single, null, 4) + '\n' : stringify(single, { lineWidth: 0 }), stderr: '' };
  }
  const blocks: string[] = [];
  for (const info of ordered) {
    let objects = objectsOf(store, info, namespace);
    if (!objects.length) continue;
    if (ordered.length > 1) {
      // Several kinds: kubectl prefixes names with the resource (pod/web-1, deployment.apps/web).
      const prefix = info.group ? `${info.singular}.${info.group}/` : `${info.singular}/`;
      objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, name: prefix + o.metadata.name } }));
    }
    const printed = printGet(info.kind, objects, { nowMs: opts.nowMs, wide: opts.output === 'wide', allNamespaces: opts.allNamespaces, namespace });
    blocks.push(printed.stdout);
  }
  if (!blocks.length) {
    const clusterScoped = ordered.every((k) => !k.namespaced);
    return { stdout: '', stderr: clusterScoped || !namespace ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n` };
  }
  return { stdout: blocks.join('\n'), stderr: '' };
}

function rank(info: KindInfo): number {
  const i = ALL_ORDER.indexOf(info.kind);
  return i < 0 ? ALL_ORDER.length + KINDS.indexOf(info) : i;
}
