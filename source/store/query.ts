/** Reads over one kind's table: the indexed `select` components use, and the API's sorted, paginated `list`. */
import { badRequest } from '../api/errors.js';
import type { KubeObject } from '../api/meta.js';
import { type FieldSelector, type Selector, parseFieldSelector, parseLabelSelector } from '../api/selectors.js';
import { type KindTable, objectKey } from './table.js';

/** A hot-path query answered from indexes: at most one of ownerUid / nodeName / selector drives the candidates. */
export interface SelectQuery {
  namespace?: string;
  selector?: Selector;
  fieldSelector?: FieldSelector;
  nodeName?: string;
  ownerUid?: string;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Objects matching a query, in storage order (deterministic: insertion order). */
export function selectObjects<T extends KubeObject>(t: KindTable, q: SelectQuery, stats: { scanned: number }): T[] {
  const ns = t.info.namespaced ? q.namespace : undefined;
  const out: T[] = [];
  for (const key of candidates(t, q, ns)) {
    stats.scanned++;
    const obj = t.objects.get(key);
    if (!obj) continue;
    if (ns !== undefined && obj.metadata.namespace !== ns) continue;
    if (q.selector && !q.selector.matches(obj.metadata.labels)) continue;
    if (q.fieldSelector && !q.fieldSelector.matches(obj)) continue;
    out.push(obj as T);
  }
  return out;
}

/** The smallest candidate key set the indexes offer for this query. */
function candidates(t: KindTable, q: SelectQuery, ns: string | undefined): Iterable<string> {
  if (q.ownerUid !== undefined) return t.owners.get(q.ownerUid);
  const nodeName = q.nodeName ?? q.fieldSelector?.equalsValue('spec.nodeName');
  const nodeIdx = nodeName !== undefined ? t.index('spec.nodeName') : undefined;
  if (nodeIdx && nodeName !== undefined) return nodeIdx.get(nodeName);
  const name = q.fieldSelector?.equalsValue('metadata.name');
  if (name !== undefined) {
    if (t.info.namespaced && ns === undefined) return [...t.objects.keys()].filter((k) => k.endsWith(`/${name}`));
    return [objectKey(ns, name)];
  }
  let best: Iterable<string> = t.keysIn(ns);
  let bestSize = ns !== undefined && t.info.namespaced ? (t.byNamespace.get(ns)?.size ?? 0) : t.objects.size;
  if (q.selector && t.labels) {
    for (const [k, v] of q.selector.equalities) {
      const set = t.labels.get(`${k}=${v}`);
      if (set.size < bestSize) { best = set; bestSize = set.size; }
    }
    for (const r of q.selector.requirements) {
      if (r.operator !== 'Exists' && r.operator !== 'In') continue;
      const set = t.labels.get(r.key);
      if (set.size < bestSize) { best = set; bestSize = set.size; }
    }
  }
  return best;
}

/** The API's list: selectors as strings, items sorted by storage key, `limit`/`continue` pagination. */
export function listObjects<T extends KubeObject>(t: KindTable, kind: string, opts: ListOptions, rv: number, stats: { scanned: number }): ListResult<T> {
  const selector = opts.labelSelector ? parseLabelSelector(opts.labelSelector) : undefined;
  const fieldSelector = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector, kind) : undefined;
  const items = selectObjects<T>(t, { namespace: opts.namespace, selector, fieldSelector }, stats);
  const keyOf = (o: KubeObject) => objectKey(t.info.namespaced ? o.metadata.namespace : undefined, o.metadata.name!);
  const keyed = items.map((o) => [keyOf(o), o] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let start = 0;
  if (opts.continue) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(opts.continue, 'base64url').toString('utf8')).start;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw badRequest(`continue key is not valid: ${opts.continue}`);
    start = keyed.findIndex(([k]) => k > after);
    if (start < 0) start = keyed.length;
  }
  const limit = opts.limit && opts.limit > 0 ? opts.limit : keyed.length;
  const page = keyed.slice(start, start + limit);
  const remaining = keyed.length - start - page.length;
  const result: ListResult<T> = { items: page.map(([, o]) => o), resourceVersion: String(rv) };
  if (remaining > 0) {
    result.continue = Buffer.from(JSON.stringify({ rv, start: page[page.length - 1]![0] })).toString('base64url');
    result.remainingItemCount = remaining;
  }
  return result;
}
