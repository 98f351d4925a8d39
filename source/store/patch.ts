/**
 * PATCH as the API store applies it: the patch type from the request's Content-Type, then one of the three
 * algorithms (patch/json-patch.ts, patch/merge-patch.ts, patch/strategic-merge.ts). Every failure is an ApiError.
 */
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../api/errors.js';
import { isObject } from './patch/json-value.js';
import { jsonPatch } from './patch/json-patch.js';
import { jsonMergePatch } from './patch/merge-patch.js';
import { mergeWithBuiltinMeta, strategicMergePatch } from './patch/strategic-merge.js';

export { jsonPatch } from './patch/json-patch.js';
export { jsonMergePatch } from './patch/merge-patch.js';
export { strategicMergePatch } from './patch/strategic-merge.js';

/** The four PATCH body formats the apiserver accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CONTENT_TYPES = new Map<string, PatchType>([
  ['application/json-patch+json', 'json'],
  ['application/merge-patch+json', 'merge'],
  ['application/strategic-merge-patch+json', 'strategic'],
  ['application/apply-patch+yaml', 'apply'],
]);

const UNSUPPORTED_MEDIA_TYPE = 'the body of the request was in an unknown format - accepted media types include: '
  + 'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';

/** Content-Type → PatchType: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml; undefined for others. */
export function patchTypeFromContentType(contentType: string): PatchType | undefined {
  const mediaType = String(contentType).split(';', 1)[0]!.trim().toLowerCase();
  return CONTENT_TYPES.get(mediaType);
}

/**
 * Apply a patch document to `original` (never mutated) and return the new object. `kind` selects strategic-merge
 * metadata. A string `patch` is the raw request body (JSON; YAML for `apply`). Throws ApiError: BadRequest for a
 * malformed patch, Invalid (422, upstream's generic message, the reason in details.causes) for a JSON patch that
 * cannot apply (a failed `test` included), RequestEntityTooLarge past 10,000 JSON-patch operations,
 * UnsupportedMediaType for an unknown type or a strategic patch on a kind the simulator does not know.
 */
export function applyPatch<T>(original: T, kind: string, type: PatchType, patch: unknown): T {
  try {
    const document = typeof patch === 'string' ? decodeBody(patch, type) : patch;
    let patched: unknown;
    switch (type) {
      case 'json': patched = jsonPatch(original, document); break;
      case 'merge':
        // evanphx/json-patch answers ErrBadJSONPatch for a `null` merge patch; anything but an object cannot patch an object.
        if (!isObject(document)) throw badRequest(document === null ? 'Invalid JSON Patch' : 'invalid merge patch: the patch must be a JSON object');
        patched = jsonMergePatch(original, document);
        break;
      case 'strategic': patched = strategicMergePatch(original, document, kind); break;
      case 'apply':
        // Simplification: server-side apply is modelled as a strategic merge of the applied configuration. Real SSA
        // also tracks field managers (managedFields), removes fields the same manager applied before and omits now,
        // merges lists by listMapKeys rather than patchMergeKey, and reports conflicts with other managers (409).
        if (!isObject(document)) throw badRequest('invalid apply patch: the applied configuration must be an object');
        patched = mergeWithBuiltinMeta(original, document);
        break;
      default: throw new ApiError('UnsupportedMediaType', UNSUPPORTED_MEDIA_TYPE);
    }
    if (!isObject(patched)) throw badRequest('the patched document is not a JSON object');
    return patched as T;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    // A stack overflow or a bug must reach the client as a Status, never crash the request loop.
    throw new ApiError('InternalError', `unable to apply patch: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function decodeBody(body: string, type: PatchType): unknown {
  if (type === 'apply') {
    try {
      return parseYaml(body, { maxAliasCount: 100 });
    } catch (err) {
      throw badRequest(`error decoding YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  try {
    return JSON.parse(body);
  } catch (err) {
    throw badRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
}
