/**
 * The ServiceAccount controller (`serviceaccount-controller`): every active namespace has a `default`
 * ServiceAccount; a new namespace gets one at once, and a deleted one comes back.
 */
import type { Namespace, ServiceAccount } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import { type Engine } from '../engine/engine.js';
import { Controller } from '../engine/controller.js';

export interface ServiceAccountControllerOptions {
  /** The accounts every namespace gets (upstream: just `default`). */
  names?: string[];
}

export class ServiceAccountController extends Controller {
  private readonly names: string[];

  constructor(engine: Engine, opts: ServiceAccountControllerOptions = {}) {
    super('serviceaccount-controller', engine);
    this.names = opts.names ?? ['default'];
    this.watch({ kind: 'Namespace' }, (e) => (e.type === 'DELETED' ? undefined : e.object.metadata.name));
    this.watch({ kind: 'ServiceAccount' }, (e) => (e.type === 'DELETED' && this.names.includes(e.object.metadata.name!) ? e.object.metadata.namespace : undefined));
  }

  protected reconcile(namespace: string): void {
    const ns = this.store.tryGet<Namespace>('Namespace', undefined, namespace);
    // A terminating namespace accepts no new content; the namespace controller is emptying it.
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    for (const name of this.names) {
      if (this.store.tryGet('ServiceAccount', namespace, name)) continue;
      try {
        this.store.create<ServiceAccount>({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } });
      } catch (err) {
        if (!isApiError(err, 'AlreadyExists')) throw err;
      }
    }
  }
}
