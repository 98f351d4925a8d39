/**
 * The garbage collector and namespace finalizer: owner-reference cascades (background, foreground, orphan)
 * and the emptying of terminating namespaces. It is fed by the store's hooks, so its work is proportional
 * to what was deleted — it never scans the cluster.
 */
import { isApiError } from '../api/errors.js';
import { KINDS } from '../api/kinds.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { ApiStore } from './store.js';

export class GarbageCollector {
  /** uids of owners that are gone: their dependents need attention. */
  private readonly ownersGone: string[] = [];
  /** Owners terminating with foregroundDeletion or orphan finalizers, and terminating namespaces: re-checked until done. */
  private readonly finishing = new Map<string, { kind: string; name: string; dirty: boolean }>();
  /** Names of terminating namespaces → uid, so removals inside them mark the namespace for a re-check. */
  private readonly terminatingNamespaces = new Map<string, string>();
  private writes = 0;

  constructor(private readonly store: ApiStore) {
    store.onRemoved.push((kind, obj) => {
      this.ownersGone.push(obj.metadata.uid!);
      // A dependent leaving may let a foreground owner finish; an object leaving may empty its namespace.
      for (const ref of obj.metadata.ownerReferences ?? []) this.markDirty(ref.uid);
      const nsUid = obj.metadata.namespace !== undefined ? this.terminatingNamespaces.get(obj.metadata.namespace) : undefined;
      if (nsUid) this.markDirty(nsUid);
      if (kind === 'Namespace') this.terminatingNamespaces.delete(obj.metadata.name!);
    });
    store.onTerminating.push((kind, obj) => {
      const f = obj.metadata.finalizers ?? [];
      if (kind === 'Namespace' || f.includes('foregroundDeletion') || f.includes('orphan')) {
        this.finishing.set(obj.metadata.uid!, { kind, name: obj.metadata.name!, dirty: true });
        if (kind === 'Namespace') this.terminatingNamespaces.set(obj.metadata.name!, obj.metadata.uid!);
      }
    });
  }

  private markDirty(uid: string): void {
    const f = this.finishing.get(uid);
    if (f) f.dirty = true;
  }

  /** Process queued work; returns whether anything was written. The step loop calls it until quiet. */
  collect(): boolean {
    const before = this.writes;
    while (this.ownersGone.length) {
      const uid = this.ownersGone.shift()!;
      if (this.finishing.has(uid)) continue;
      for (const { kind, obj } of this.dependents(uid)) this.collectDependent(kind, obj);
    }
    for (const [uid, entry] of this.finishing) {
      if (!entry.dirty) continue;
      entry.dirty = false;
      const owner = this.store.byUid(uid);
      if (!owner) { this.finishing.delete(uid); continue; }
      const done = entry.kind === 'Namespace' ? this.emptyNamespace(owner) : this.finishOwner(owner);
      if (done) this.finishing.delete(uid);
    }
    return this.writes > before;
  }

  private *dependents(uid: string): Generator<{ kind: string; obj: KubeObject }> {
    for (const info of KINDS) {
      for (const obj of this.store.select(info.kind, { ownerUid: uid })) yield { kind: info.kind, obj };
    }
  }

  /** A dependent whose owners are all gone is deleted; one with owners left just loses the dangling references. */
  private collectDependent(kind: string, obj: KubeObject): boolean {
    const refs = obj.metadata.ownerReferences ?? [];
    const alive = refs.filter((r) => this.ownerExists(r));
    if (alive.length === refs.length) return false;
    return this.safely(() => {
      if (alive.length === 0) {
        if (!obj.metadata.deletionTimestamp) {
          this.store.delete(kind, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: 'Background', preconditions: { uid: obj.metadata.uid } });
        }
      } else {
        this.store.patch(kind, obj.metadata.namespace, obj.metadata.name!, 'merge', { metadata: { ownerReferences: alive } });
      }
    });
  }

  private ownerExists(ref: OwnerReference): boolean {
    return this.store.byUid(ref.uid) !== undefined;
  }

  /** Foreground: delete dependents first, then drop the finalizer. Orphan: strip references, then drop the finalizer. */
  private finishOwner(owner: KubeObject): boolean {
    const uid = owner.metadata.uid!;
    const finalizers = owner.metadata.finalizers ?? [];
    const deps = [...this.dependents(uid)];
    if (finalizers.includes('orphan')) {
      for (const { kind, obj } of deps) {
        const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        this.safely(() => this.store.patch(kind, obj.metadata.namespace, obj.metadata.name!, 'merge',
          { metadata: { ownerReferences: refs.length ? refs : null } }));
      }
      return this.dropFinalizer(owner, 'orphan');
    }
    let blocking = 0;
    for (const { kind, obj } of deps) {
      const ref = obj.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion) blocking++;
      if (!obj.metadata.deletionTimestamp) {
        this.safely(() => this.store.delete(kind, obj.metadata.namespace, obj.metadata.name!, { propagationPolicy: 'Foreground' }));
      }
    }
    if (blocking > 0) return false;
    return this.dropFinalizer(owner, 'foregroundDeletion');
  }

  private dropFinalizer(owner: KubeObject, finalizer: string): boolean {
    const rest = (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.safely(() => this.store.patch(owner.kind, owner.metadata.namespace, owner.metadata.name!, 'merge',
      { metadata: { finalizers: rest.length ? rest : null } }));
    return true;
  }

  /** Delete everything in a terminating namespace; when it is empty, remove the `kubernetes` finalizer. */
  private emptyNamespace(ns: KubeObject): boolean {
    const name = ns.metadata.name!;
    let remaining = 0;
    for (const info of KINDS) {
      if (!info.namespaced) continue;
      for (const obj of this.store.select(info.kind, { namespace: name })) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) this.safely(() => this.store.delete(info.kind, name, obj.metadata.name!));
      }
    }
    if (remaining > 0) return false;
    this.safely(() => this.store.update({ ...ns, spec: { finalizers: [] } }));
    return true;
  }

  /** The object may have changed, gone or be unpatchable since it was read; that is not an error for the collector. */
  private safely(fn: () => void): boolean {
    try {
      fn();
      this.writes++;
      return true;
    } catch (err) {
      // Gone, moved on, or refused (e.g. an object the patch code cannot handle): skip it; never stop the simulation.
      if (isApiError(err)) return false;
      throw err;
    }
  }
}
