/**
 * Adoption and release by selector (upstream's ControllerRefManager.ClaimObject): a controller owns the
 * objects whose controller reference names it and that still match its selector; it adopts matching orphans
 * and releases owned objects that stopped matching.
 */
import { ApiError, isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/meta.js';
import type { ApiStore } from '../../store/store.js';
import { controllerRefOf, newControllerRef } from './pod-state.js';

/** Claim `candidates` (each distinct object once) for `owner`; returns the claimed objects, adopted ones as written. */
export function claimObjects<T extends KubeObject>(store: ApiStore, owner: KubeObject, candidates: Iterable<T>, match: (obj: T) => boolean): T[] {
  const uid = owner.metadata.uid!;
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  const claimed: T[] = [];
  let failure: ApiError | undefined;
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== uid) continue; // someone else's
      if (match(obj)) { claimed.push(obj); continue; }
      // Ours but no longer matching: release it, unless we are being deleted.
      if (ownerDeleting) continue;
      failure ??= attempt(() => release(store, obj, uid));
      continue;
    }
    // An orphan: adopt it if it matches, lives in our namespace and neither side is being deleted.
    if (ownerDeleting || !match(obj) || obj.metadata.deletionTimestamp) continue;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) continue;
    let adopted: T | undefined;
    const err = attempt(() => { adopted = adopt(store, obj, owner); });
    if (adopted) claimed.push(adopted);
    failure ??= err;
  }
  if (failure) throw failure;
  return claimed;
}

/** Run a write; NotFound means the object went away (nothing to do), other API errors are returned for a retry. */
function attempt(fn: () => void): ApiError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    if (isApiError(err)) return err;
    throw err;
  }
}

function adopt<T extends KubeObject>(store: ApiStore, obj: T, owner: KubeObject): T {
  const refs = [...(obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid), newControllerRef(owner)];
  return store.update<T>({ ...obj, metadata: { ...obj.metadata, ownerReferences: refs } });
}

function release(store: ApiStore, obj: KubeObject, ownerUid: string): void {
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  const metadata = { ...obj.metadata, ownerReferences: refs.length ? refs : undefined };
  if (!refs.length) delete metadata.ownerReferences;
  store.update({ ...obj, metadata });
}

/** Objects owned by `ownerUid` (owner index) followed by selector matches (label index), each once. */
export function ownedAndMatching<T extends KubeObject>(owned: readonly T[], matching: readonly T[]): T[] {
  if (matching.length === 0) return owned as T[];
  const seen = new Set<string>();
  const out: T[] = [];
  for (const list of [owned, matching]) {
    for (const o of list) {
      const uid = o.metadata.uid!;
      if (seen.has(uid)) continue;
      seen.add(uid);
      out.push(o);
    }
  }
  return out;
}
