/**
 * Workload behaviour profiles: real manifests name images that cannot run here, so how a container behaves
 * (pull time, start-up, readiness, resource use, crashes) comes from fixtures/images.yaml by image name, and
 * `sim.kubedrill.io/*` annotations override it per workload (see annotations.ts).
 */
import { LineCounter, parseDocument } from 'yaml';
import { globMatch, tryParseImageRef } from './image-ref.js';
import { PROFILE_FIELDS } from './profile-values.js';
import { applySimAnnotations } from './annotations.js';

/** How one container image behaves in the simulation. Times are in seconds of virtual time. */
export interface WorkloadProfile {
  pullSeconds: number;
  imageSizeBytes: number;
  /** From image available to the container running (create + start). */
  startSeconds: number;
  /** From running to the application answering its probes. */
  readySeconds: number;
  cpuMilli: number;
  memoryBytes: number;
  /** CPU cost of one request per second (traffic-driven CPU: usage = cpuMilli + rate × this). */
  cpuPerRequestMilli: number;
  /** Working set held per request per second (traffic-driven memory: usage = memoryBytes + rate × this + leak). */
  memoryPerRequestBytes: number;
  /** The process exits with `exitCode` (default 1) this long after it starts. */
  crashAfterSeconds?: number;
  exitCode?: number;
  /** The process finishes its work and exits with `exitCode` (default 0) this long after it starts (Job pods). */
  durationSeconds?: number;
  memoryLeakBytesPerMinute?: number;
  /** The application never passes its readiness probe. */
  failReadiness?: boolean;
  /** The application stops answering its liveness probe this long after it starts. */
  failLivenessAfterSeconds?: number;
  /** Every pull of this image fails with this error (e.g. `not found`). */
  imagePullError?: string;
  /** How long the process takes to exit after SIGTERM. */
  stopSeconds: number;
  /** The image's default command exits at once (busybox, alpine): without a command the container completes immediately. */
  exitsWithoutCommand?: boolean;
}

/** Looks up the profile for an image, applying annotation overrides. */
export interface ProfileCatalog {
  profileFor(image: string, annotations?: Record<string, string>, containerName?: string): WorkloadProfile;
}

/** The profile of an image nobody described: a small, quick, well-behaved service. */
export const GENERIC_PROFILE: WorkloadProfile = Object.freeze({
  pullSeconds: 5, imageSizeBytes: 100 * 1024 * 1024, startSeconds: 1, readySeconds: 2,
  cpuMilli: 5, memoryBytes: 32 * 1024 * 1024, cpuPerRequestMilli: 1, memoryPerRequestBytes: 512 * 1024, stopSeconds: 1,
});

interface Pattern { repo: string; tag?: string }
interface Entry { patterns: Pattern[]; profile: WorkloadProfile }

/** A catalog built from images.yaml: entries are tried top to bottom; the first whose pattern matches wins. */
export class ImageCatalog implements ProfileCatalog {
  private readonly cache = new Map<string, WorkloadProfile>();

  constructor(readonly defaults: WorkloadProfile = GENERIC_PROFILE, private readonly entries: Entry[] = []) {}

  /** The catalog profile of an image, without annotations (cached per image string). */
  baseProfile(image: string): WorkloadProfile {
    let p = this.cache.get(image);
    if (!p) {
      p = this.lookup(image);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(image, p);
    }
    return p;
  }

  profileFor(image: string, annotations?: Record<string, string>, containerName?: string): WorkloadProfile {
    const base = this.baseProfile(image);
    return annotations ? applySimAnnotations(base, annotations, containerName).profile : base;
  }

  private lookup(image: string): WorkloadProfile {
    const ref = tryParseImageRef(image);
    if (!ref) return this.defaults;
    const tag = ref.tag ?? '';
    for (const e of this.entries) {
      for (const p of e.patterns) {
        if (p.tag !== undefined && !globMatch(p.tag, tag)) continue;
        if (globMatch(p.repo, ref.repository) || globMatch(p.repo, ref.familiar)) return e.profile;
      }
    }
    return this.defaults;
  }
}

/** Compile a match pattern: a plain name is normalised like an image (`nginx` → `docker.io/library/nginx`). */
function compilePattern(text: string): Pattern {
  const slash = text.lastIndexOf('/');
  const colon = text.lastIndexOf(':');
  let repo = text;
  let tag: string | undefined;
  if (colon > slash) {
    repo = text.slice(0, colon);
    tag = text.slice(colon + 1);
  }
  if (!repo.includes('*')) {
    const ref = tryParseImageRef(repo);
    if (!ref) throw new Error(`invalid image pattern ${JSON.stringify(text)}`);
    repo = ref.repository;
  }
  return { repo, tag };
}

/** Apply the fields of one YAML mapping to a profile; errors name the field. */
function applyFields(base: WorkloadProfile, raw: Record<string, unknown>, allowMatch: boolean): WorkloadProfile {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    if (allowMatch && key === 'match') continue;
    const spec = PROFILE_FIELDS.find((f) => f.yaml === key);
    if (!spec) throw new Error(`unknown field "${key}" (known: ${PROFILE_FIELDS.map((f) => f.yaml).join(', ')})`);
    try {
      out[spec.field] = spec.parse(value);
    } catch (err) {
      throw new Error(`${key}: ${(err as Error).message}`);
    }
  }
  return Object.freeze(out) as unknown as WorkloadProfile;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parse fixtures/images.yaml: `defaults` (the generic profile for unknown images) and `images`, a list of entries
 * each with `match` (a pattern or a list: `nginx`, `cockroachdb/cockroach`, `gcr.io/google-samples/*`, `*:broken`)
 * and profile fields. A bad catalog throws an Error naming the file, line and entry.
 */
export function parseProfileCatalog(yamlText: string, file = 'images.yaml'): ImageCatalog {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new Error(`${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split('\n')[0]}`);
  }
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return new ImageCatalog();
  if (!isMap(root)) throw new Error(`${file}: expected a mapping with "defaults" and "images"`);
  // apiVersion/kind/metadata make the file a kubedrill.io/v1 ImageCatalog, so `kubedrill validate -f fixtures` accepts it.
  for (const key of Object.keys(root)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    if (key !== 'defaults' && key !== 'images') throw new Error(`${file}: unknown top-level field "${key}" (expected "defaults" and "images")`);
  }
  const lineOf = (path: (string | number)[]): string => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? `:${lines.linePos(node.range[0]).line}` : '';
  };
  let defaults = GENERIC_PROFILE;
  if (root.defaults !== undefined) {
    if (!isMap(root.defaults)) throw new Error(`${file}${lineOf(['defaults'])}: defaults: expected a mapping of profile fields`);
    try {
      defaults = applyFields(GENERIC_PROFILE, root.defaults, false);
    } catch (err) {
      throw new Error(`${file}${lineOf(['defaults'])}: defaults: ${(err as Error).message}`);
    }
  }
  const entries: Entry[] = [];
  const images = root.images ?? [];
  if (!Array.isArray(images)) throw new Error(`${file}${lineOf(['images'])}: images: expected a list of entries`);
  images.forEach((raw: unknown, i: number) => {
    const where = () => {
      const match = isMap(raw) ? raw.match : undefined;
      return `${file}${lineOf(['images', i])}: images[${i}]${match !== undefined ? ` (match ${JSON.stringify(match)})` : ''}`;
    };
    if (!isMap(raw)) throw new Error(`${where()}: expected a mapping with "match" and profile fields`);
    const match = raw.match;
    const texts = typeof match === 'string' ? [match] : Array.isArray(match) ? match : undefined;
    if (!texts || texts.length === 0 || !texts.every((t) => typeof t === 'string' && t.trim() !== '')) {
      throw new Error(`${where()}: match: expected an image name pattern or a list of them`);
    }
    try {
      entries.push({ patterns: (texts as string[]).map((t) => compilePattern(t.trim())), profile: applyFields(defaults, raw, true) });
    } catch (err) {
      throw new Error(`${where()}: ${(err as Error).message}`);
    }
  });
  return new ImageCatalog(defaults, entries);
}
