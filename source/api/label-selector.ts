/**
 * Compiled label selectors (k8s.io/apimachinery/pkg/labels): requirements, matching, String(), and
 * upstream's NewRequirement validation. Parsing lives in label-selector-parser.ts; the public entry is selectors.ts.
 */
import { badRequest } from './errors.js';

/** A selector operator; `==` parses to Equals (kept as `==` when printed). */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';

/** One label requirement, as labels.Requirement. */
export interface Requirement { key: string; operator: SelectorOperator; values: string[] }

/** A compiled label selector: requirements ANDed. */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** True only for a selector that selects everything (upstream Empty()). */
  readonly empty: boolean;
  /** Whether the labels satisfy every requirement; never allocates. */
  matches(labels: Record<string, string> | undefined): boolean;
  /** Upstream String(): requirements sorted by key, e.g. `app=web,tier in (a,b)`. */
  toString(): string;
  /** equality requirements usable for index look-ups */
  readonly equalities: readonly [string, string][];
}

const hasOwn = Object.prototype.hasOwnProperty;

/** strconv.ParseInt(s, 10, 64): a number when exact, a bigint past 15 digits, undefined when not an int64. */
export function parseInt64(s: string): number | bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  if (s.length <= 15) return Number(s);
  const big = BigInt(s);
  return big >= -(1n << 63n) && big < 1n << 63n ? big : undefined;
}

function greater(a: number | bigint, b: number | bigint): boolean {
  return typeof a === typeof b ? a > b : BigInt(a) > BigInt(b);
}

/** A requirement with its match data precomputed, so matching never allocates. */
class CompiledRequirement implements Requirement {
  readonly values: string[];
  private readonly single: string;
  private readonly set: ReadonlySet<string> | undefined;
  private readonly bound: number | bigint | undefined;

  constructor(readonly key: string, readonly operator: SelectorOperator, values: readonly string[],
    private readonly doubleEquals = false) {
    this.values = [...values];
    this.single = values[0] ?? '';
    this.set = values.length > 4 ? new Set(values) : undefined;
    this.bound = values.length === 1 ? parseInt64(this.single) : undefined;
  }

  private hasValue(v: string): boolean {
    if (this.set) return this.set.has(v);
    const values = this.values;
    for (let i = 0; i < values.length; i++) if (values[i] === v) return true;
    return false;
  }

  matches(labels: Record<string, string> | undefined): boolean {
    const has = labels !== undefined && hasOwn.call(labels, this.key);
    switch (this.operator) {
      case 'Equals': return has && labels![this.key] === this.single;
      case 'In': return has && this.hasValue(labels![this.key]!);
      case 'NotEquals':
      case 'NotIn': return !has || !this.hasValue(labels![this.key]!);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      case 'Gt':
      case 'Lt': {
        if (!has || this.bound === undefined) return false;
        const v = parseInt64(labels![this.key]!);
        if (v === undefined) return false;
        return this.operator === 'Gt' ? greater(v, this.bound) : greater(this.bound, v);
      }
      default: return false;
    }
  }

  toString(): string {
    if (this.operator === 'DoesNotExist') return `!${this.key}`;
    if (this.operator === 'Exists') return this.key;
    const values = this.values.length === 1 ? this.single : sortedCopy(this.values).join(',');
    switch (this.operator) {
      case 'Equals': return `${this.key}${this.doubleEquals ? '==' : '='}${values}`;
      case 'NotEquals': return `${this.key}!=${values}`;
      case 'In': return `${this.key} in (${values})`;
      case 'NotIn': return `${this.key} notin (${values})`;
      case 'Gt': return `${this.key}>${values}`;
      case 'Lt': return `${this.key}<${values}`;
      default: return this.key;
    }
  }
}

function sortedCopy(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

class RequirementsSelector implements Selector {
  readonly empty: boolean;
  readonly equalities: readonly [string, string][];
  private text: string | undefined;

  constructor(readonly requirements: readonly CompiledRequirement[]) {
    this.empty = requirements.length === 0;
    this.equalities = requirements
      .filter((r) => (r.operator === 'Equals' || r.operator === 'In') && r.values.length === 1)
      .map((r) => [r.key, r.values[0]!] as [string, string]);
  }

  matches(labels: Record<string, string> | undefined): boolean {
    const reqs = this.requirements;
    for (let i = 0; i < reqs.length; i++) if (!reqs[i]!.matches(labels)) return false;
    return true;
  }

  toString(): string {
    return (this.text ??= this.requirements.map((r) => r.toString()).join(','));
  }
}

class NothingSelector implements Selector {
  readonly requirements: readonly Requirement[] = [];
  readonly empty = false;
  readonly equalities: readonly [string, string][] = [];
  matches(): boolean { return false; }
  toString(): string { return ''; }
}

/** Matches every object (labels.Everything()). */
export const EVERYTHING: Selector = new RequirementsSelector([]);
/** Matches no object (labels.Nothing(): a nil metav1.LabelSelector). */
export const NOTHING: Selector = new NothingSelector();

/** A requirement to build a selector from; `doubleEquals` only changes how it prints. */
export interface RequirementInput { key: string; operator: SelectorOperator; values: readonly string[]; doubleEquals?: boolean }

/** Build a selector from already validated requirements, sorted by key like selector.Add (stable). */
export function selectorOf(requirements: readonly RequirementInput[]): Selector {
  if (requirements.length === 0) return EVERYTHING;
  const compiled = requirements.map((r) => new CompiledRequirement(r.key, r.operator, r.values, r.doubleEquals));
  compiled.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new RequirementsSelector(compiled);
}

// ---- upstream validation messages (k8s.io/apimachinery/pkg/util/validation) ----

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.IsQualifiedName: the problems with a label key (empty when valid). */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) errs.push(`prefix part ${regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com')}`);
    }
  } else {
    return [`a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue: the problems with a label value (empty when valid). */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** field.Invalid(...).Error(): `<path>: Invalid value: <value>: <detail>` (strings quoted, others as JSON). */
export function invalidField(path: string, value: unknown, detail: string): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'null' : JSON.stringify(value);
  return `${path}: Invalid value: ${shown}: ${detail}`;
}

/** utilerrors aggregate text: one message alone, several deduplicated inside `[a, b]`. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

/**
 * labels.NewRequirement's checks; returns the problems as upstream's field error texts (empty when valid).
 * `path` prefixes field names (upstream passes none from Parse, a matchExpressions index from node affinity).
 */
export function requirementErrors(key: string, operator: SelectorOperator, values: readonly string[] | undefined,
  path = ''): string[] {
  const errs: string[] = [];
  const at = (child: string): string => (path ? `${path}.${child}` : child);
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length > 0) errs.push(invalidField(at('key'), key, keyErrs.join('; ')));
  const vals = values ?? [];
  switch (operator) {
    case 'In': case 'NotIn':
      if (vals.length === 0) errs.push(invalidField(at('values'), values ?? null, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case 'Equals': case 'NotEquals':
      if (vals.length !== 1) errs.push(invalidField(at('values'), values ?? null, 'exact-match compatibility requires one single value'));
      break;
    case 'Exists': case 'DoesNotExist':
      if (vals.length !== 0) errs.push(invalidField(at('values'), values, 'values set must be empty for exists and does not exist'));
      break;
    case 'Gt': case 'Lt':
      if (vals.length !== 1) errs.push(invalidField(at('values'), values ?? null, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalidField(`${at('values')}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
  }
  vals.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) errs.push(invalidField(`${at('values')}[${i}][${key}]`, v, valueErrs.join('; ')));
  });
  return errs;
}

/** Validate like labels.NewRequirement; throws ApiError BadRequest with upstream's aggregate message. */
export function checkRequirement(key: string, operator: SelectorOperator, values: readonly string[] | undefined, path = ''): void {
  const errs = requirementErrors(key, operator, values, path);
  if (errs.length > 0) throw badRequest(aggregate(errs));
}
