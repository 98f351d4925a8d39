/**
 * ControllerRevisions and controller references, shared by the StatefulSet and DaemonSet controllers: the
 * revision data (a patch that replaces spec.template), upstream's hashes and names, creation with hash-collision
 * handling, and the ControllerRefManager's adopt / release rules ("claiming") for revisions and pods.
 */
import type { PodTemplateSpec } from '../api/core.js';
import { isApiError } from '../api/errors.js';
import type { KubeObject, OwnerReference } from '../api/meta.js';
import type { Selector } from '../api/selectors.js';
import type { ControllerRevision } from '../api/workloads.js';
import { SAFE_ALPHABET } from '../engine/random.js';
import type { ApiStore } from '../store/store.js';

/** The pod label naming the revision a pod was made from (StatefulSet: revision name; DaemonSet: the hash). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The label ControllerRevisions carry with the hash of their data (history.ControllerRevisionHashLabel). */
export const REVISION_DATA_HASH_LABEL = 'controller.kubernetes.io/hash';

// ---- encoding and hashing ----

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/**
 * JSON as Go's json.Marshal writes a map[string]interface{}: keys sorted at every level, and <, >, &, U+2028 and
 * U+2029 escaped. Revision data is written this way upstream, so its bytes (and hashes) are stable.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;

/** FNV-1 32-bit (Go's fnv.New32) over bytes. */
export function fnv1(bytes: Uint8Array, hash = FNV_OFFSET): number {
  for (let i = 0; i < bytes.length; i++) hash = (Math.imul(hash, FNV_PRIME) ^ bytes[i]!) >>> 0;
  return hash >>> 0;
}

/** FNV-1a 32-bit (Go's fnv.New32a) over bytes. */
export function fnv1a(bytes: Uint8Array, hash = FNV_OFFSET): number {
  for (let i = 0; i < bytes.length; i++) hash = Math.imul((hash ^ bytes[i]!) >>> 0, FNV_PRIME) >>> 0;
  return hash >>> 0;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** rand.SafeEncodeString: each byte mapped into kube's safe alphabet (so hashes never spell words). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** history.HashControllerRevision: FNV-1 over the data's bytes, then the collision count in decimal. */
export function hashRevisionData(dataJson: string, collisionCount?: number): string {
  let h = fnv1(utf8(dataJson));
  if (collisionCount !== undefined) h = fnv1(utf8(String(collisionCount)), h);
  return safeEncodeString(String(h));
}

const templateHashes = new WeakMap<PodTemplateSpec, Map<number, string>>();

/**
 * controller.ComputeHash (DaemonSet revisions, pod-template-hash): FNV-1a over the pod template, then the
 * collision count as eight little-endian bytes. Upstream hashes a Go-specific dump of the struct; the canonical
 * JSON stands in for it, so values differ from a real cluster's but share their alphabet, length and stability.
 */
export function templateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let byCount = templateHashes.get(template);
  if (!byCount) templateHashes.set(template, (byCount = new Map()));
  const key = collisionCount ?? -1;
  let hash = byCount.get(key);
  if (hash === undefined) {
    let h = fnv1a(utf8(goJson(template)));
    if (collisionCount !== undefined) {
      // PutUint32 into an 8-byte buffer: the upper four bytes stay zero.
      const le = new Uint8Array(8);
      new DataView(le.buffer).setUint32(0, collisionCount >>> 0, true);
      h = fnv1a(le, h);
    }
    byCount.set(key, (hash = safeEncodeString(String(h))));
  }
  return hash;
}

/** ControllerRevisionName: `<prefix>-<hash>`, the prefix cut at 223 characters so the name fits 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

// ---- revision data ----

/** Revision data and its bytes (as Go writes them). */
export interface RevisionData { data: { spec: { template: Record<string, unknown> } }; json: string }

const patchCache = new WeakMap<PodTemplateSpec, RevisionData>();

/**
 * The revision data both controllers store: a strategic-merge patch replacing spec.template (getPatch). Cached
 * per template object — stored specs are immutable, so a template keeps its identity until the spec changes.
 */
export function revisionPatch(template: PodTemplateSpec): RevisionData {
  let cached = patchCache.get(template);
  if (!cached) {
    // Go marshals an unset metav1.Time struct as null, so every stored template carries creationTimestamp: null.
    const metadata = { creationTimestamp: null, ...template.metadata };
    const data = { spec: { template: { ...template, metadata, $patch: 'replace' } } };
    patchCache.set(template, (cached = { data, json: goJson(data) }));
  }
  return cached;
}

const dataJsonCache = new WeakMap<ControllerRevision, string>();

/** The revision's data as Go would have written it (cached per stored object: stored objects never change). */
export function revisionDataJson(rev: ControllerRevision): string {
  let s = dataJsonCache.get(rev);
  if (s === undefined) dataJsonCache.set(rev, (s = goJson(rev.data ?? null)));
  return s;
}

/** The pod template a revision restores (ApplyRevision), or undefined if its data is not a template patch. */
export function templateOfRevision(rev: ControllerRevision): PodTemplateSpec | undefined {
  const template = (rev.data as { spec?: { template?: Record<string, unknown> } } | undefined)?.spec?.template;
  if (!template || typeof template !== 'object' || typeof template.spec !== 'object' || template.spec === null) return undefined;
  const { $patch: _patch, ...rest } = template;
  const metadata = { ...(rest.metadata as Record<string, unknown> | undefined) };
  delete metadata.creationTimestamp;
  return { ...(rest as unknown as PodTemplateSpec), metadata };
}

/** history.EqualRevision: the same data bytes. */
export function equalRevision(a: ControllerRevision | undefined, b: ControllerRevision | undefined): boolean {
  if (!a || !b) return a === b;
  return revisionDataJson(a) === revisionDataJson(b);
}

/** history.SortControllerRevisions: by revision number (stable). */
export function sortRevisions(revisions: ControllerRevision[]): ControllerRevision[] {
  return revisions.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

// ---- controller references ----

/** metav1.NewControllerRef. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** metav1.GetControllerOf: the owner reference marked controller, if any. */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}

/**
 * The ControllerRefManager's ClaimObject over one kind: objects we control that still match are kept, ones that
 * stopped matching are released (unless the owner is being deleted); matching orphans are adopted. Candidates are
 * the owner's dependents (owner index) plus, unless `findOrphans` is false, the selector's matches (label
 * index) — never a scan of the kind. Callers that learn about new orphans from watch events can skip that pass.
 */
export function claimObjects<T extends KubeObject>(store: ApiStore, kind: string, owner: KubeObject, selector: Selector,
  filter: (obj: T) => boolean = () => true, findOrphans = true): T[] {
  const uid = owner.metadata.uid!;
  const ns = owner.metadata.namespace;
  const seen = findOrphans ? new Set<string>() : undefined;
  const claimed: T[] = [];
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  const consider = (obj: T): void => {
    if (seen) {
      if (seen.has(obj.metadata.uid!)) return;
      seen.add(obj.metadata.uid!);
    }
    const ref = controllerRefOf(obj);
    const matches = selector.matches(obj.metadata.labels) && filter(obj);
    if (ref) {
      if (ref.uid !== uid) return;
      if (matches) { claimed.push(obj); return; }
      if (!ownerDeleting) release(store, obj, uid);
      return;
    }
    if (ownerDeleting || !matches || obj.metadata.deletionTimestamp || obj.metadata.namespace !== ns) return;
    const adopted = adopt(store, obj, owner);
    if (adopted) claimed.push(adopted);
  };
  for (const obj of store.select<T>(kind, { ownerUid: uid })) consider(obj);
  if (findOrphans) for (const obj of store.select<T>(kind, { namespace: ns, selector })) consider(obj);
  return claimed;
}

function adopt<T extends KubeObject>(store: ApiStore, obj: T, owner: KubeObject): T | undefined {
  try {
    return store.update<T>({ ...obj, metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata.ownerReferences ?? []), newControllerRef(owner)] } });
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}

function release(store: ApiStore, obj: KubeObject, uid: string): void {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  try {
    store.update({ ...obj, metadata: { ...obj.metadata, ownerReferences: refs.length ? refs : undefined } });
  } catch (err) {
    // Gone already, or rejected (e.g. an invalid object): upstream ignores NotFound and Invalid on release.
    if (!isApiError(err, 'NotFound') && !isApiError(err, 'Invalid')) throw err;
  }
}

// ---- creating and updating revisions ----

/** history.NewControllerRevision: template labels plus the data hash label, controlled by the parent. */
export function newControllerRevision(parent: KubeObject, templateLabels: Record<string, string> | undefined, patch: RevisionData,
  revision: number, collisionCount: number, annotations?: Record<string, string>): ControllerRevision {
  const hash = hashRevisionData(patch.json, collisionCount);
  const cr: ControllerRevision = {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: controllerRevisionName(parent.metadata.name!, hash), namespace: parent.metadata.namespace,
      labels: { ...templateLabels, [REVISION_DATA_HASH_LABEL]: hash },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [newControllerRef(parent)],
    },
    data: patch.data, revision,
  };
  dataJsonCache.set(cr, patch.json);
  return cr;
}

/**
 * history.CreateControllerRevision: create under `<parent>-<hash>`; an existing revision with the same data is
 * reused, one with other data is a hash collision: the count goes up and the name is hashed again.
 */
export function createControllerRevision(store: ApiStore, parent: KubeObject, revision: ControllerRevision,
  collisionCount: number): { revision: ControllerRevision; collisionCount: number } {
  const dataJson = revisionDataJson(revision);
  for (let count = collisionCount; ; count++) {
    const name = controllerRevisionName(parent.metadata.name!, hashRevisionData(dataJson, count));
    const existing = store.tryGet<ControllerRevision>('ControllerRevision', parent.metadata.namespace, name);
    if (existing) {
      if (revisionDataJson(existing) === dataJson) return { revision: existing, collisionCount: count };
      continue;
    }
    const created = store.create<ControllerRevision>({ ...revision, metadata: { ...revision.metadata, name } });
    return { revision: created, collisionCount: count };
  }
}

/** history.UpdateControllerRevision: renumber a revision (a rollback to an earlier template). */
export function setRevisionNumber(store: ApiStore, rev: ControllerRevision, revision: number): ControllerRevision {
  if (rev.revision === revision) return rev;
  return store.update<ControllerRevision>({ ...rev, revision });
}

/** Delete a revision; one already gone is fine. */
export function deleteRevision(store: ApiStore, rev: ControllerRevision): void {
  try {
    store.delete('ControllerRevision', rev.metadata.namespace, rev.metadata.name!, { preconditions: { uid: rev.metadata.uid } });
  } catch (err) {
    if (!isApiError(err, 'NotFound')) throw err;
  }
}

/** The parent's revisions (adopting orphans that match its selector), sorted by revision number. */
export function listControllerRevisions(store: ApiStore, parent: KubeObject, selector: Selector): ControllerRevision[] {
  return sortRevisions(claimObjects<ControllerRevision>(store, 'ControllerRevision', parent, selector));
}
