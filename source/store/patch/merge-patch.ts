/** JSON Merge Patch (RFC 7386), `application/merge-patch+json`: objects merge, null deletes, everything else replaces. */
import { cloneJson, deleteOwn, getOwn, isObject, preparePatch, setOwn } from './json-value.js';

/** Apply an RFC 7386 merge patch to `target` (not mutated) and return the result. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  return mergeValue(cloneJson(target), preparePatch(patch));
}

/** RFC 7386 §2 MergePatch(Target, Patch); `target` is already a private copy, `patch` is only read. */
function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const out = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) deleteOwn(out, key);
    else setOwn(out, key, mergeValue(getOwn(out, key), value));
  }
  return out;
}
