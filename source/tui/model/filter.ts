/** k9s filters: `/text` (regex over the row's cells, case-insensitive), `/!text` (inverse), `/-l k=v` (labels), `/-f text` (fuzzy name). */
import type { KubeObject } from '../../api/meta.js';
import { parseLabelSelector } from '../../api/selectors.js';
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
    const re = userRegex(text.slice(1));
    return { text, matches: (o) => !re.test(searchText(kind, o)) };
  }
  const re = userRegex(text);
  return { text, matches: (o) => re.test(searchText(kind, o)) };
}
