/**
 * k9s filters: `/text` (regex over the row's cells, case-insensitive; plain text is a substring test), `/!text`
 * (inverse), `/-l k=v` (label selector), `/-f text` (fuzzy name). Text filters test the row's lower-cased text,
 * which views keep in dense arrays beside their rows, so a keystroke over 150,000 rows reads no objects.
 */
import type { KubeObject } from '../../api/meta.js';
import { parseLabelSelector } from '../../api/selectors.js';
import { rowText } from './row-text.js';

/** A compiled filter. */
export interface RowFilter {
  /** What the user typed (after `/`), shown in the title as `</text>`. */
  text: string;
  matches(o: KubeObject): boolean;
  /** For filters over row text: the test on a row's text (see rowText). */
  matchesText?: (text: string) => boolean;
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

/** Text with no regex syntax: matched as a substring. */
export function plainText(t: string): boolean {
  return !/[\\^$.*+?()[\]{}|]/.test(t);
}

/** Whether the letters of `needle` appear in order in `hay` (k9s's fuzzy filter, case-insensitive). */
function fuzzy(needle: string, hay: string): boolean {
  let j = 0;
  for (let i = 0; i < hay.length && j < needle.length; i++) if (hay[i] === needle[j]) j++;
  return j === needle.length;
}

/** The test on a row's (lower-case) text for what was typed. */
function textTest(text: string): (t: string) => boolean {
  if (plainText(text)) {
    const needle = text.toLowerCase();
    return (t) => t.includes(needle);
  }
  const re = userRegex(text);
  return (t) => re.test(t);
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
    return { text, matches: (o) => fuzzy(needle, (o.metadata.name ?? '').toLowerCase()) };
  }
  const matchesText = textMatcher(text);
  return { text, matchesText, matches: (o) => matchesText(rowText(kind, o)) };
}

/**
 * The test a `/text` or `/!text` filter applies to a row's lower-case text (for rows that are not objects, such as
 * a pod's containers). Empty text matches everything.
 */
export function textMatcher(raw: string): (text: string) => boolean {
  const text = raw.trim();
  const inverse = text.startsWith('!');
  const test = textTest(inverse ? text.slice(1) : text);
  return inverse ? (t: string) => !test(t) : test;
}
