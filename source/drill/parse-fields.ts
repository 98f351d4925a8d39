/**
 * Reading a drill document field by field: each reader checks one value's type and range and, when it is wrong,
 * records a diagnostic at the field's own line in Kubernetes' wording (`spec.duration: Required value`,
 * `spec.timeline[0].at: Invalid value: "5x": …`, `…: Unsupported value: "foo": supported values: …`). Readers
 * return undefined for a bad value so parsing carries on and reports every problem in one pass.
 */
import { parseDuration } from '../api/duration.js';
import type { ManifestDiagnostic } from '../api/manifest.js';
import type { FieldLocator } from '../api/manifest-load.js';
import type { LabelSelector } from '../api/meta.js';
import { labelSelectorFromObject } from '../api/selectors.js';

/** A plain map read from YAML. */
export type YamlMap = Record<string, unknown>;

export function isMap(v: unknown): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How Kubernetes quotes a value in an error: strings in quotes, the rest as JSON. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'undefined' : JSON.stringify(v);
}

/** Collects problems with their lines; one per drill file. */
export class FieldReader {
  readonly diagnostics: ManifestDiagnostic[] = [];
  /** `Drill/<name>` once the name is known. */
  object = 'Drill';

  constructor(readonly file: string, readonly locator: FieldLocator) {}

  /** Record a problem with the field at `path`. */
  error(path: string, message: string): void {
    this.diagnostics.push({ severity: 'error', file: this.file, line: this.locator.lineOf(path), message: `${path}: ${message}`, object: this.object });
  }

  required(path: string): undefined {
    this.error(path, 'Required value');
    return undefined;
  }

  invalid(path: string, value: unknown, detail: string): undefined {
    this.error(path, `Invalid value: ${show(value)}: ${detail}`);
    return undefined;
  }

  get ok(): boolean {
    return !this.diagnostics.some((d) => d.severity === 'error');
  }

  /** Report keys of `map` outside `known` (strict decoding: a typo must not pass silently). */
  known(map: YamlMap, path: string, known: readonly string[]): void {
    for (const key of Object.keys(map)) {
      if (!known.includes(key)) this.error(path ? `${path}.${key}` : key, `unknown field "${key}" (known fields: ${known.join(', ')})`);
    }
  }

  map(parent: YamlMap, key: string, path: string, required = false): YamlMap | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return required ? this.required(path) : undefined;
    if (!isMap(v)) return this.invalid(path, v, 'must be a map');
    return v;
  }

  list(parent: YamlMap, key: string, path: string, required = false): unknown[] | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return required ? this.required(path) : undefined;
    if (!Array.isArray(v)) return this.invalid(path, v, 'must be a list');
    return v;
  }

  string(parent: YamlMap, key: string, path: string, required = false): string | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return required ? this.required(path) : undefined;
    if (typeof v !== 'string') return this.invalid(path, v, 'must be a string');
    if (required && !v.trim()) return this.required(path);
    return v;
  }

  number(parent: YamlMap, key: string, path: string, opts: { required?: boolean; min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return opts.required ? this.required(path) : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.invalid(path, v, 'must be a number');
    if (opts.integer && !Number.isInteger(v)) return this.invalid(path, v, 'must be a whole number');
    if (opts.min !== undefined && v < opts.min) return this.invalid(path, v, `must be greater than or equal to ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) return this.invalid(path, v, `must be less than or equal to ${opts.max}`);
    return v;
  }

  bool(parent: YamlMap, key: string, path: string): boolean | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.invalid(path, v, 'must be true or false');
    return v;
  }

  /** A Go-style duration (`30s`, `5m`, `1h30m`; a bare number is seconds), in ms. */
  duration(parent: YamlMap, key: string, path: string, required = false): number | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return required ? this.required(path) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return this.invalid(path, v, 'must be a duration such as 30s, 5m or 1h30m');
    try {
      return parseDuration(v);
    } catch (err) {
      return this.invalid(path, v, (err as Error).message);
    }
  }

  oneOf<T extends string>(parent: YamlMap, key: string, path: string, values: readonly T[], required = false): T | undefined {
    const v = parent[key];
    if (v === undefined || v === null) return required ? this.required(path) : undefined;
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.error(path, `Unsupported value: ${show(v)}: supported values: ${values.map((x) => `"${x}"`).join(', ')}`);
      return undefined;
    }
    return v as T;
  }

  /** A map of strings (resource lists: `{memory: 512Mi, cpu: 1}` — numbers become their text). */
  stringMap(parent: YamlMap, key: string, path: string): Record<string, string> | undefined {
    const m = this.map(parent, key, path);
    if (!m) return undefined;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(m)) {
      if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
      else this.invalid(`${path}.${k}`, v, 'must be a string or a number');
    }
    return out;
  }

  /** A metav1.LabelSelector (`matchLabels`, `matchExpressions`), checked as the API server would. */
  selector(parent: YamlMap, key: string, path: string): LabelSelector | undefined {
    const m = this.map(parent, key, path);
    if (!m) return undefined;
    this.known(m, path, ['matchLabels', 'matchExpressions']);
    try {
      labelSelectorFromObject(m as LabelSelector);
    } catch (err) {
      return this.invalid(path, m, (err as Error).message);
    }
    return m as LabelSelector;
  }
}

/** Expand `{a..b}` numeric ranges (`data-db-{0..2}` → data-db-0, data-db-1, data-db-2). */
export function expandRange(name: string): string[] {
  const m = /^(.*)\{(\d+)\.\.(\d+)\}(.*)$/.exec(name);
  if (!m) return [name];
  const from = Number(m[2]), to = Number(m[3]);
  if (to < from || to - from > 1000) return [name];
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(...expandRange(`${m[1]}${i}${m[4]}`));
  return out;
}
