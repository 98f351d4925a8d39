/** k9s filters: `/text` (regex over the row's cells, case-insensitive), `/!text` (inverse), `/-l k=v` (labels), `/-f text` (fuzzy name). */
import type { Pod } from '../../api/core.js';
import type { KubeObject } from '../../api/meta.js';
import { parseLabelSelector } from '../../api/selectors.js';
import { podInfo } from './health.js';
import { searchText } from './kind-sorts.js';
import { objName } from './order.js';

/** A compiled filter. */
export interface RowFilter {
  /** What the user typed (after `/`), shown in the title as `</text>`. */
  text: string;
  matches(o: KubeObject): boolean;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex from user text; text that is not a valid regex matches literally. */
export function userRegex(text: string, flags = 'i'): RegExp {
  try {
    return new RegExp(text, flags);
  } catch {
    return new RegExp(escapeRegex(text), flags);
  }
}

/** Whether the letters of `needle` appear in order in `hay` (k9s's fuzzy filter, case-insensitive). */
function fuzzy(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

/**
 * Whether a regex matches one of a pod's cells (NAMESPACE, NAME, READY, STATUS, NODE, IP). Each cell is tested on
 * its own, without building a row string: the first keystroke of a filter over 150,000 pods allocates nothing.
 */
function podCellsMatch(re: RegExp, p: Pod): boolean {
  const s = podInfo(p).summary;
  return re.test(p.metadata.name ?? '') || re.test(p.metadata.namespace ?? '') || re.test(s.reason)
    || re.test(p.spec?.nodeName ?? '') || re.test(p.status?.podIP ?? '') || re.test(`${s.ready}/${s.total}`);
}

/**
 * Plain text (no regex syntax) over pods: substring tests, no regex and no allocation. Pod, namespace and node
 * names are lowercase DNS names, so only the STATUS text needs folding (once per distinct value).
 */
function podTextMatcher(text: string): (o: KubeObject) => boolean {
  const needle = text.toLowerCase();
  const reasons = new Map<string, boolean>();
  const readyMayMatch = /[\d/]/.test(needle);
  return (o) => {
    const p = o as Pod;
    if ((p.metadata.name ?? '').includes(needle) || (p.metadata.namespace ?? '').includes(needle) || (p.spec?.nodeName ?? '').includes(needle)) return true;
    const s = podInfo(p).summary;
    let hit = reasons.get(s.reason);
    if (hit === undefined) reasons.set(s.reason, hit = s.reason.toLowerCase().includes(needle));
    if (hit || (p.status?.podIP ?? '').includes(needle)) return true;
    return readyMayMatch && `${s.ready}/${s.total}`.includes(needle);
  };
}

/** Text with no regex syntax. */
const plainText = (t: string) => !/[\\^$.*+?()[\]{}|]/.test(t);

/** The row test for a regex: cells of pods, the cached row text of other kinds. */
function regexMatcher(kind: string, re: RegExp): (o: KubeObject) => boolean {
  return kind === 'Pod' ? (o) => podCellsMatch(re, o as Pod) : (o) => re.test(searchText(kind, o));
}

/**
 * Compile what was typed after `/` for rows of `kind`. Empty text → undefined (no filter). A bad label selector
 * throws the selector parser's message (the prompt shows it).
 */
export function parseFilter(kind: string, raw: string): RowFilter | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  if (text.startsWith('-l')) {
    const sel = parseLabelSelector(text.slice(2).trim());
    return { text, matches: (o) => sel.matches(o.metadata.labels) };
  }
  if (text.startsWith('-f ')) {
    const needle = text.slice(3).trim().toLowerCase();
    return { text, matches: (o) => fuzzy(needle, objName(o).toLowerCase()) };
  }
  if (text.startsWith('!')) {
    const test = regexMatcher(kind, userRegex(text.slice(1)));
    return { text, matches: (o) => !test(o) };
  }
  if (kind === 'Pod' && plainText(text)) return { text, matches: podTextMatcher(text) };
  return { text, matches: regexMatcher(kind, userRegex(text)) };
}
