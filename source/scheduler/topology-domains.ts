/**
 * Node-list-wide topology facts that only change when nodes do: which listed nodes carry a set of topology keys,
 * and the distinct values of each key among them. PodTopologySpread's PreFilter needs these for every pod; at
 * 5,000 nodes re-deriving them per cycle was most of a spread pod's scheduling cost.
 */
import type { NodeInfo } from './node-info.js';

/** The nodes carrying every key of a key list, and each key's domains among those nodes. */
export interface TopologyDomains {
  /** eligible[info.index] is 1 when the node has every key. */
  readonly eligible: Uint8Array;
  /** Per key (same order as asked): the distinct values among eligible nodes, in node-list order of first sight. */
  readonly values: readonly (readonly string[])[];
  /** Per key: value → its position in `values`. */
  readonly indexOf: readonly ReadonlyMap<string, number>[];
  /** Per key: ids[info.index] is the node's position in `values`, or -1 for a node that is not eligible. */
  readonly ids: readonly Int32Array[];
}

/** Key lists remembered before the cache starts over (pods use few distinct constraint key lists). */
const CACHE_LIMIT = 64;

/** A cache of TopologyDomains per key list; the owner clears it whenever the node list or any node's labels change. */
export class TopologyDomainCache {
  private readonly byKeys = new Map<string, TopologyDomains>();

  /** Forget everything (nodes were added, removed, reordered or relabelled). */
  clear(): void {
    this.byKeys.clear();
  }

  /** The domains of `keys` over `nodes` (the snapshot's node list, whose positions match info.index). */
  get(keys: readonly string[], nodes: readonly NodeInfo[]): TopologyDomains {
    const id = keys.join('\u0000');
    let d = this.byKeys.get(id);
    if (d) return d;
    const eligible = new Uint8Array(nodes.length);
    const indexOf = keys.map(() => new Map<string, number>());
    const values = keys.map(() => [] as string[]);
    const ids = keys.map(() => new Int32Array(nodes.length).fill(-1));
    for (let j = 0; j < nodes.length; j++) {
      const labels = nodes[j]!.labels;
      let all = true;
      // nodeLabelsMatchSpreadConstraints uses presence (`in`), as PodTopologySpread always has.
      for (let k = 0; k < keys.length; k++) if (!(keys[k]! in labels)) { all = false; break; }
      if (!all) continue;
      eligible[j] = 1;
      for (let k = 0; k < keys.length; k++) {
        const v = labels[keys[k]!]!;
        let at = indexOf[k]!.get(v);
        if (at === undefined) {
          indexOf[k]!.set(v, (at = values[k]!.length));
          values[k]!.push(v);
        }
        ids[k]![j] = at;
      }
    }
    if (this.byKeys.size >= CACHE_LIMIT) this.byKeys.clear();
    this.byKeys.set(id, (d = { eligible, values, indexOf, ids }));
    return d;
  }
}

/** Whether two label maps hold the same pairs (a node status write keeps its labels; only real changes count). */
export function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
    n++;
  }
  let m = 0;
  for (const k in b) if (Object.hasOwn(b, k)) m++;
  return n === m;
}
