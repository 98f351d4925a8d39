/** The API store: versioned objects per kind, admission, watch, graceful deletion and finalizers. Every component talks through it. */
import { ApiError, alreadyExists, badRequest, conflict, forbidden, invalid, notFound } from '../api/errors.js';
import { type KindInfo, acceptsApiVersion, kindInfo } from '../api/kinds.js';
import type { Pod } from '../api/core.js';
import { podQosClass } from '../api/print/qos.js';
import { checkSchema } from '../api/schema/index.js';
import type { KubeObject } from '../api/meta.js';
import type { AdmissionPlugin, AdmissionReader, Operation } from './admission.js';
import { deepClone, deepEqual, deepFreeze } from './clone.js';
import { applyPatch, type PatchType } from './patch.js';
import { type ListOptions, type ListResult, type SelectQuery, listObjects, selectObjects } from './query.js';
import { checkIdentityTypes, isFinalized, isObject, podGracePeriod, specChanged, timestamp } from './rules.js';
import { KindTable, objectKey } from './table.js';
import { type WatchEvent, type WatchFilter, type WatchHandler, Watch, WatchHistory } from './watch.js';

/** What the store needs from the engine: virtual time and the seeded random source. */
export interface StoreEnv {
  now(): number;
  uid(): string;
  /** `n` random characters from kube's safe alphabet (generateName suffixes). */
  suffix(n: number): string;
}

export interface StoreOptions {
  /** How many writes the watch history keeps; older resourceVersions answer 410 Expired. */
  historySize?: number;
  /** Deep-freeze stored objects so accidental mutation by a reader throws (tests). */
  freeze?: boolean;
  admission?: AdmissionPlugin[];
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface WriteOptions {
  subresource?: 'status';
  dryRun?: boolean;
}

export type { ListOptions, ListResult, SelectQuery } from './query.js';

/** Operation counters: the complexity guard and benchmarks count work, never time. */
export interface StoreStats {
  creates: number; updates: number; deletes: number; reads: number; scanned: number; delivered: number;
}

export class ApiStore implements AdmissionReader {
  private readonly tables = new Map<string, KindTable>();
  private readonly uidIndex = new Map<string, { kind: string; key: string }>();
  private readonly watchesByKind = new Map<string, Watch[]>();
  private pending: [Watch, WatchEvent, string][] = [];
  private pendingHead = 0;
  private watchSeq = 0;
  private rv = 0;
  readonly history: WatchHistory;
  readonly admission: AdmissionPlugin[];
  readonly stats: StoreStats = { creates: 0, updates: 0, deletes: 0, reads: 0, scanned: 0, delivered: 0 };
  /** Called after an object is removed for good (the garbage collector listens). */
  onRemoved: ((kind: string, obj: KubeObject) => void)[] = [];
  /** Called when an object enters a terminating state that something must finish (foreground, orphan, namespace). */
  onTerminating: ((kind: string, obj: KubeObject) => void)[] = [];

  constructor(readonly env: StoreEnv, private readonly options: StoreOptions = {}) {
    this.history = new WatchHistory(options.historySize ?? 50_000);
    this.admission = options.admission ?? [];
  }

  /** The latest resourceVersion written. */
  get resourceVersion(): number {
    return this.rv;
  }

  table(kind: string): KindTable {
    let t = this.tables.get(kind);
    if (!t) {
      const info = kindInfo(kind);
      if (!info) throw badRequest(`the server could not find the requested resource (kind "${kind}")`);
      this.tables.set(kind, (t = new KindTable(info)));
    }
    return t;
  }

  // ---- reads ----

  tryGet<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    this.stats.reads++;
    const t = this.table(kind);
    return t.objects.get(objectKey(t.info.namespaced ? namespace : undefined, name)) as T | undefined;
  }

  get<T extends KubeObject>(kind: string, namespace: string | undefined, name: string): T {
    const obj = this.tryGet<T>(kind, namespace, name);
    if (!obj) throw notFound(this.table(kind).info, name);
    return obj;
  }

  /** The object with this uid, if it still exists. */
  byUid<T extends KubeObject>(uid: string): T | undefined {
    const ref = this.uidIndex.get(uid);
    return ref ? (this.tables.get(ref.kind)!.objects.get(ref.key) as T | undefined) : undefined;
  }

  count(kind: string, namespace?: string): number {
    const t = this.table(kind);
    if (namespace === undefined || !t.info.namespaced) return t.objects.size;
    return t.byNamespace.get(namespace)?.size ?? 0;
  }

  /** Objects matching a query, in storage order, using the narrowest index available. */
  select<T extends KubeObject>(kind: string, q: SelectQuery = {}): T[] {
    this.stats.reads++;
    return selectObjects<T>(this.table(kind), q, this.stats);
  }

  /** The API's list: label/field selectors as strings, sorted by key, with limit/continue pagination. */
  list<T extends KubeObject>(kind: string, opts: ListOptions = {}): ListResult<T> {
    this.stats.reads++;
    return listObjects<T>(this.table(kind), kind, opts, this.rv, this.stats);
  }

  /**
   * The pods/binding subresource: assign a pod to a node and mark it PodScheduled, as the scheduler's bind does.
   * Conflicts as upstream when the pod is already bound or terminating.
   */
  bind(namespace: string, name: string, nodeName: string, uid?: string): Pod {
    const t = this.table('Pod');
    const key = objectKey(namespace, name);
    const old = t.objects.get(key) as Pod | undefined;
    if (!old || (uid && old.metadata.uid !== uid)) throw notFound(t.info, name);
    if (typeof nodeName !== 'string' || !nodeName) throw invalid(t.info, name, [{ type: 'FieldValueRequired', field: 'target.name' }]);
    if (old.spec.nodeName) throw conflict(t.info, name, `pod ${name} is already assigned to node "${old.spec.nodeName}"`);
    if (old.metadata.deletionTimestamp) throw conflict(t.info, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const ts = timestamp(this.env.now());
    const conditions = (old.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ts });
    const next: Pod = { ...old, metadata: { ...old.metadata }, spec: { ...old.spec, nodeName }, status: { ...old.status, conditions } };
    this.stats.updates++;
    return this.commit(t, key, next, old) as Pod;
  }

  // ---- writes ----

  create<T extends KubeObject>(input: T, opts: WriteOptions = {}): T {
    const info = this.kindFor(input);
    const obj = deepClone(input) as KubeObject;
    obj.apiVersion = info.apiVersion;
    const meta = (obj.metadata = isObject(obj.metadata) ? obj.metadata : {});
    checkIdentityTypes(meta as Record<string, unknown>);
    if (info.namespaced) {
      meta.namespace = meta.namespace || 'default';
      this.checkNamespaceWritable(meta.namespace);
    } else delete meta.namespace;
    if (!meta.name && meta.generateName && typeof meta.generateName === 'string') {
      const t = this.table(info.kind);
      do meta.name = meta.generateName + this.env.suffix(5);
      while (t.objects.has(objectKey(meta.namespace, meta.name)));
    }
    if (!meta.name) throw invalid(info, '', [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
    const t = this.table(info.kind);
    const key = objectKey(meta.namespace, String(meta.name));
    if (t.objects.has(key)) throw alreadyExists(info, String(meta.name));
    for (const f of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) delete meta[f];
    meta.uid = this.env.uid();
    meta.creationTimestamp = timestamp(this.env.now());
    if ('spec' in obj) meta.generation = 1;
    // Most kinds start with an empty status (the owning controller writes it); Nodes register with theirs.
    if (info.hasStatus && info.kind !== 'Node' && info.kind !== 'Namespace') delete obj.status;
    this.admit(info, obj, 'CREATE', undefined);
    // The pod registry's PrepareForCreate: a new pod is Pending with its QoS class computed.
    if (info.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: podQosClass(obj as Pod) };
    if (opts.dryRun) return obj as T;
    this.stats.creates++;
    return this.commit(t, key, obj, undefined) as T;
  }

  /** Replace an object (PUT). The main path ignores status; the status path ignores everything but status. */
  update<T extends KubeObject>(input: T, opts: WriteOptions = {}): T {
    const info = this.kindFor(input);
    const meta = isObject(input.metadata) ? input.metadata : {};
    checkIdentityTypes(meta as Record<string, unknown>);
    const t = this.table(info.kind);
    const ns = info.namespaced ? meta.namespace || 'default' : undefined;
    const name = String(meta.name ?? '');
    const key = objectKey(ns, name);
    const old = t.objects.get(key);
    if (!old) throw notFound(info, name);
    if (meta.resourceVersion && meta.resourceVersion !== old.metadata.resourceVersion) throw conflict(info, name);
    let next: KubeObject;
    if (opts.subresource === 'status') {
      if (!info.hasStatus) throw new ApiError('NotFound', `the server could not find the requested resource (${info.plural}/status)`);
      next = { ...old, metadata: { ...old.metadata }, status: deepClone(input.status) };
      // The status strategy validates too: a status that is not an object, conditions that are not a list…
      const issues = checkSchema({ apiVersion: next.apiVersion, kind: next.kind, metadata: {}, status: next.status }, info.kind)
        .filter((i) => i.kind === 'type');
      if (issues.length) throw invalid(info, name, issues.map((i) => ({ type: 'FieldValueTypeInvalid', field: i.path, detail: i.message })));
    } else {
      next = deepClone(input) as KubeObject;
      next.apiVersion = info.apiVersion;
      next.metadata = { ...(isObject(next.metadata) ? next.metadata : {}) };
      for (const f of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (old.metadata[f] === undefined) delete next.metadata[f];
        else (next.metadata as Record<string, unknown>)[f] = old.metadata[f];
      }
      next.metadata.namespace = ns;
      if (ns === undefined) delete next.metadata.namespace;
      if (info.hasStatus) next.status = deepClone(old.status); // a private copy: admission's defaulting may write into it
      if (old.metadata.deletionTimestamp) {
        const before = new Set(old.metadata.finalizers ?? []);
        if (Array.isArray(next.metadata.finalizers) && next.metadata.finalizers.some((f) => !before.has(f))) { // validation answers a non-list
          throw invalid(info, name, [{ type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: 'no new finalizers can be added if the object is being deleted' }]);
        }
      }
      this.admit(info, next, 'UPDATE', old);
      if (specChanged(old, next)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(next, old)) return old as T; // a no-op write is not a write (no new resourceVersion, no event)
    if (opts.dryRun) return next as T;
    this.stats.updates++;
    if (isFinalized(next)) return this.remove(t, key, old) as T;
    return this.commit(t, key, next, old) as T;
  }

  /** Status write (the `/status` subresource). */
  updateStatus<T extends KubeObject>(obj: T): T {
    return this.update(obj, { subresource: 'status' });
  }

  patch<T extends KubeObject>(kind: string, namespace: string | undefined, name: string, type: PatchType, patch: unknown, opts: WriteOptions = {}): T {
    const existing = this.get<T>(kind, namespace, name);
    const patched = applyPatch(existing, kind, type, patch) as T;
    if (!isObject(patched) || !isObject(patched.metadata)) throw badRequest('the patch removed the object\'s metadata');
    // The patched object names the same object whatever the patch says (upstream ignores name/namespace changes via patch path).
    patched.metadata = { ...patched.metadata, name: existing.metadata.name, namespace: existing.metadata.namespace };
    patched.kind = existing.kind;
    return this.update(patched, opts);
  }

  /** Delete with upstream's semantics: graceful deletion for bound pods, finalizers, propagation policy. */
  delete<T extends KubeObject>(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const t = this.table(kind);
    const info = t.info;
    const key = objectKey(info.namespaced ? namespace || 'default' : undefined, name);
    const old = t.objects.get(key);
    if (!old) throw notFound(info, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    const policy = opts.propagationPolicy;
    if (policy !== undefined && policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw invalid(info, name, [{ type: 'FieldValueNotSupported', field: 'propagationPolicy', value: policy, supported: ['Foreground', 'Background', 'Orphan'] }]);
    }
    if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
      throw invalid(info, name, [{ type: 'FieldValueInvalid', field: 'gracePeriodSeconds', value: opts.gracePeriodSeconds, detail: 'must be greater than or equal to 0' }]);
    }
    const grace = info.kind === 'Pod' ? podGracePeriod(old, opts.gracePeriodSeconds) : 0;
    const meta = old.metadata;
    let finalizers = meta.finalizers ?? [];
    if (!meta.deletionTimestamp) {
      // As upstream's deletionFinalizersForGarbageCollection: the request's policy replaces the other GC finalizer.
      if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers = [...finalizers.filter((f) => f !== 'orphan'), 'foregroundDeletion'];
      if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers = [...finalizers.filter((f) => f !== 'foregroundDeletion'), 'orphan'];
      if (opts.propagationPolicy === 'Background') finalizers = finalizers.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
    }
    const namespaceFinalizer = info.kind === 'Namespace';
    if (grace === 0 && finalizers.length === 0 && !namespaceFinalizer) {
      if (opts.dryRun) return old as T;
      this.stats.deletes++;
      return this.remove(t, key, old) as T;
    }
    if (meta.deletionTimestamp) {
      // Already terminating: a shorter grace period may still be requested (kubectl delete --grace-period=0 --force).
      const current = meta.deletionGracePeriodSeconds ?? 0;
      if (grace >= current) return old as T;
    }
    const next: KubeObject = {
      ...old,
      metadata: {
        ...meta, finalizers: finalizers.length ? finalizers : undefined,
        deletionTimestamp: timestamp(this.env.now() + grace * 1000), deletionGracePeriodSeconds: grace,
      },
    };
    if (namespaceFinalizer) {
      next.spec = { finalizers: ['kubernetes'] };
      next.status = { phase: 'Terminating' };
    }
    if (!next.metadata.finalizers) delete next.metadata.finalizers;
    if (opts.dryRun) return next as T;
    this.stats.deletes++;
    if (isFinalized(next)) return this.remove(t, key, old) as T;
    const written = this.commit(t, key, next, old);
    for (const fn of this.onTerminating) fn(info.kind, written);
    return written as T;
  }

  // ---- watch ----

  /**
   * Subscribe to writes. Events are queued and delivered by `dispatch()` (never inline with the write),
   * in write order. Without a resourceVersion, synthetic ADDED events for current objects come first.
   */
  watch(filter: WatchFilter, handler: WatchHandler, opts: { resourceVersion?: string; sendInitialEvents?: boolean } = {}): Watch {
    const w = new Watch(++this.watchSeq, filter, handler);
    const rvText = opts.resourceVersion;
    if (rvText !== undefined && rvText !== '' && rvText !== '0') {
      const from = Number(rvText);
      if (!Number.isInteger(from) || from < 0) throw badRequest(`invalid resource version: ${rvText}`);
      const oldest = this.history.oldest();
      if (from < this.rv && (oldest === undefined || from < oldest - 1)) {
        throw new ApiError('Expired', `too old resource version: ${from} (${(oldest ?? this.rv + 1) - 1})`);
      }
      for (const e of this.history.since(from)) {
        const view = w.view(e.kind, e.event);
        if (view) this.pending.push([w, view, e.kind]);
      }
    } else if (opts.sendInitialEvents !== false) {
      const kinds = filter.kind ? [filter.kind] : [...this.tables.keys()];
      for (const kind of kinds) {
        for (const obj of this.select(kind, { namespace: filter.namespace })) {
          if (!filter.matches || filter.matches(obj)) this.pending.push([w, { type: 'ADDED', object: obj }, kind]);
        }
      }
    }
    const slot = filter.kind ?? '*';
    const list = this.watchesByKind.get(slot) ?? [];
    list.push(w);
    this.watchesByKind.set(slot, list);
    return w;
  }

  /** Deliver queued watch events in order; returns how many were delivered. The step loop calls this. */
  dispatch(): number {
    let n = 0;
    while (this.pendingHead < this.pending.length) {
      const [w, event, kind] = this.pending[this.pendingHead++]!;
      if (w.stopped) continue;
      n++;
      w.handler(event, kind);
    }
    this.pending = [];
    this.pendingHead = 0;
    this.stats.delivered += n;
    for (const [slot, list] of this.watchesByKind) {
      if (list.some((w) => w.stopped)) this.watchesByKind.set(slot, list.filter((w) => !w.stopped));
    }
    return n;
  }

  /** Whether events are waiting for `dispatch()`. */
  get hasPending(): boolean {
    return this.pendingHead < this.pending.length;
  }

  // ---- internals ----

  private kindFor(obj: KubeObject): KindInfo {
    if (!isObject(obj)) throw badRequest('Object \'Kind\' is missing in the request body');
    if (typeof obj.kind !== 'string' || !obj.kind) throw badRequest('Object \'Kind\' is missing in the request body');
    const info = kindInfo(obj.kind);
    if (!info) throw badRequest(`no kind "${obj.kind}" is registered for version "${typeof obj.apiVersion === 'string' ? obj.apiVersion : ''}"`);
    if (typeof obj.apiVersion !== 'string' || !acceptsApiVersion(info, obj.apiVersion)) {
      throw badRequest(`no kind "${obj.kind}" is registered for version "${typeof obj.apiVersion === 'string' ? obj.apiVersion : ''}"`);
    }
    return info;
  }

  private checkNamespaceWritable(ns: string): void {
    const nsObj = this.tables.get('Namespace')?.objects.get(ns);
    if (!nsObj) throw notFound(kindInfo('Namespace')!, ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw forbidden(`unable to create new content in namespace ${ns} because it is being terminated`);
    }
  }

  private admit(info: KindInfo, obj: KubeObject, op: Operation, old: KubeObject | undefined): void {
    for (const p of this.admission) p.mutate?.(obj, op, old, this);
    const errors = this.admission.flatMap((p) => p.validate?.(obj, op, old, this) ?? []);
    if (errors.length) throw invalid(info, String(obj.metadata.name ?? ''), errors);
  }

  private commit(t: KindTable, key: string, obj: KubeObject, old: KubeObject | undefined): KubeObject {
    obj.metadata.resourceVersion = String(++this.rv);
    if (old && old.metadata.labels && deepEqual(old.metadata.labels, obj.metadata.labels)) obj.metadata.labels = old.metadata.labels;
    if (old && old.metadata.ownerReferences && deepEqual(old.metadata.ownerReferences, obj.metadata.ownerReferences)) {
      obj.metadata.ownerReferences = old.metadata.ownerReferences;
    }
    if (this.options.freeze) deepFreeze(obj);
    if (old) t.replace(key, old, obj);
    else {
      t.insert(key, obj);
      this.uidIndex.set(obj.metadata.uid!, { kind: t.info.kind, key });
    }
    this.emit(t.info.kind, old ? { type: 'MODIFIED', object: obj, oldObject: old } : { type: 'ADDED', object: obj });
    return obj;
  }

  private remove(t: KindTable, key: string, old: KubeObject): KubeObject {
    const gone: KubeObject = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    if (this.options.freeze) deepFreeze(gone);
    t.remove(key, old);
    this.uidIndex.delete(old.metadata.uid!);
    this.emit(t.info.kind, { type: 'DELETED', object: gone, oldObject: old });
    for (const fn of this.onRemoved) fn(t.info.kind, gone);
    return gone;
  }

  private emit(kind: string, event: WatchEvent): void {
    this.history.push({ rv: this.rv, kind, event });
    for (const slot of [kind, '*']) {
      const list = this.watchesByKind.get(slot);
      if (!list) continue;
      for (const w of list) {
        if (w.stopped) continue;
        const view = w.view(kind, event);
        if (view) this.pending.push([w, view, kind]);
      }
    }
  }
}

export { timestamp };
