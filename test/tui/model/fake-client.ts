/** A minimal ClusterClient for model tests: list + subscribe over an in-memory map, changes emitted by hand. */
import type { KubeObject } from '../../../source/api/meta.js';
import type { ClusterClient } from '../../../source/client/cluster-client.js';
import type { WatchEvent } from '../../../source/store/watch.js';

export class FakeClient {
  readonly objects = new Map<string, KubeObject>();
  private readonly handlers = new Set<{ kind?: string; fn: (e: WatchEvent, kind: string) => void }>();

  constructor(readonly kind: string, initial: KubeObject[] = []) {
    for (const o of initial) this.objects.set(key(o), o);
  }

  asClient(): ClusterClient {
    return this as unknown as ClusterClient;
  }

  list(kind: string): KubeObject[] {
    return kind === this.kind ? [...this.objects.values()] : [];
  }

  get(_kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(namespace ? `${namespace}/${name}` : name);
  }

  now(): number {
    return Date.UTC(2026, 0, 1, 1);
  }

  subscribe(kind: string | undefined, fn: (e: WatchEvent, kind: string) => void): () => void {
    const h = { kind, fn };
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }

  private emit(e: WatchEvent): void {
    for (const h of this.handlers) if (h.kind === undefined || h.kind === this.kind) h.fn(e, this.kind);
  }

  add(o: KubeObject): void {
    this.objects.set(key(o), o);
    this.emit({ type: 'ADDED', object: o });
  }

  modify(o: KubeObject): void {
    const old = this.objects.get(key(o));
    this.objects.set(key(o), o);
    this.emit({ type: 'MODIFIED', object: o, oldObject: old });
  }

  remove(k: string): void {
    const old = this.objects.get(k)!;
    this.objects.delete(k);
    this.emit({ type: 'DELETED', object: old, oldObject: old });
  }
}

const key = (o: KubeObject) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!);

/** A pod object with a phase, restarts and a creation time (seconds after the epoch). */
export function fakePod(ns: string, name: string, opts: { phase?: string; restarts?: number; created?: number; node?: string; labels?: Record<string, string>; ready?: boolean } = {}): KubeObject {
  const created = new Date(Date.UTC(2026, 0, 1) + (opts.created ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { namespace: ns, name, creationTimestamp: created, labels: opts.labels ?? {} },
    spec: { nodeName: opts.node, containers: [{ name: 'app', image: 'nginx' }] },
    status: {
      phase: opts.phase ?? 'Running',
      containerStatuses: [{ name: 'app', ready: opts.ready ?? (opts.phase ?? 'Running') === 'Running', restartCount: opts.restarts ?? 0, image: 'nginx', imageID: '', state: { running: {} } }],
    },
  } as unknown as KubeObject;
}
