/**
 * The text a `/` filter searches in a row, lower-cased: a pod's NAMESPACE NAME READY STATUS NODE IP, or for other
 * kinds the printer's cells (time columns left out, as they change by themselves). Cached per object version.
 */
import type { Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { printerFor } from '../../api/print/index.js';
import { podInfo } from './health.js';

const cache = new WeakMap<KubeObject, string>();
const TIME_COLUMNS = new Set(['AGE', 'LAST SEEN', 'DURATION', 'LAST SCHEDULE', 'FIRST SEEN']);

function compute(kind: string, o: KubeObject): string {
  if (kind === 'Pod') {
    const p = o as Pod;
    const s = podInfo(p).summary;
    return `${p.metadata.namespace ?? ''} ${p.metadata.name ?? ''} ${s.ready}/${s.total} ${s.reason} ${p.spec?.nodeName ?? ''} ${p.status?.podIP ?? ''}`.toLowerCase();
  }
  const printer = printerFor(kind);
  let cells: string[];
  try {
    cells = printer.cells(o, 0);
  } catch {
    cells = [o.metadata.name ?? ''];
  }
  const parts = [o.metadata.namespace ?? ''];
  printer.columns.forEach((c, i) => {
    if (!TIME_COLUMNS.has(c.name)) parts.push(cells[i] ?? '');
  });
  return parts.join(' ').toLowerCase();
}

/** A row's searchable text (lower case). */
export function rowText(kind: string, o: KubeObject): string {
  let t = cache.get(o);
  if (t === undefined) {
    t = compute(kind, o);
    cache.set(o, t);
  }
  return t;
}
