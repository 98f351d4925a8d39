/**
 * Container image references as containerd and the kubelet see them: `nginx:1.27` is
 * `docker.io/library/nginx:1.27`. Parsing follows distribution/reference's grammar, so a name the real
 * kubelet refuses (InvalidImageName) is refused here with the same words.
 */

/** A parsed, normalised image reference. */
export interface ImageRef {
  /** Registry host, `docker.io` when the reference names none. */
  domain: string;
  /** Repository path inside the registry (`library/nginx`). */
  path: string;
  /** Tag; `latest` when neither a tag nor a digest was given. */
  tag?: string;
  /** `sha256:<hex>` when pinned by digest. */
  digest?: string;
  /** `docker.io/library/nginx` */
  repository: string;
  /** Short form Docker prints: `nginx`, `cockroachdb/cockroach`, `gcr.io/google-samples/hello-app`. */
  familiar: string;
  /** Fully qualified reference as the runtime reports it in container statuses: `docker.io/library/nginx:1.27`. */
  full: string;
}

const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Why a reference was refused, in distribution/reference's words (the kubelet wraps it in its own message). */
export class ImageRefError extends Error {}

const cache = new Map<string, ImageRef | ImageRefError>();

/** Parse and normalise an image reference; the result is cached (150,000 pods share a few hundred images). */
export function parseImageRef(image: string): ImageRef {
  let hit = cache.get(image);
  if (!hit) {
    try {
      hit = parse(image);
    } catch (err) {
      hit = err instanceof ImageRefError ? err : new ImageRefError(String(err));
    }
    if (cache.size > 10_000) cache.clear();
    cache.set(image, hit);
  }
  if (hit instanceof ImageRefError) throw hit;
  return hit;
}

/** The parsed reference, or undefined for one the runtime would refuse. */
export function tryParseImageRef(image: string): ImageRef | undefined {
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}

function parse(image: string): ImageRef {
  const invalid = () => new ImageRefError('invalid reference format');
  if (!image || image.length > 4096 || /\s/.test(image)) throw invalid();
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid();
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid();
  }
  if (!rest) throw invalid();
  const parts = rest.split('/');
  let domain = 'docker.io';
  const first = parts[0]!;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    parts.shift();
    const [host, port] = domain.split(':');
    if (!host || !host.split('.').every((c) => DOMAIN_COMPONENT.test(c)) || (port !== undefined && !/^\d+$/.test(port))) throw invalid();
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  const path = parts.join('/');
  if (path !== path.toLowerCase()) {
    throw new ImageRefError(`invalid reference format: repository name (${path}) must be lowercase`);
  }
  if (!parts.every((p) => PATH_COMPONENT.test(p)) || domain.length + 1 + path.length > 255) throw invalid();
  if (!tag && !digest) tag = 'latest';
  const repository = `${domain}/${path}`;
  const familiar = domain === 'docker.io' ? (path.startsWith('library/') ? path.slice('library/'.length) : path) : repository;
  const full = `${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { domain, path, tag, digest, repository, familiar, full };
}

/**
 * The pull policy the API server would have defaulted: `Always` for `:latest` or no tag, `IfNotPresent` otherwise.
 * Used when a pod reaches the kubelet without defaulting (objects built in tests).
 */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = tryParseImageRef(image);
  if (!ref) return 'IfNotPresent';
  return ref.digest === undefined && (ref.tag === 'latest') ? 'Always' : 'IfNotPresent';
}

/**
 * A stable 64-hex-digit digest for a string. The simulator has no real image layers or container ids, so image
 * digests (the same image has the same digest on every node) and container ids are derived from their names.
 */
export function hexDigest(text: string): string {
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    // Two 32-bit FNV-1a style lanes with different seeds per round, finalised with a murmur mix.
    let h1 = (0x811c9dc5 ^ round) >>> 0;
    let h2 = (0x01000193 + round * 0x9e3779b9) >>> 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    out += mix(h1).toString(16).padStart(8, '0') + mix(h2 ^ h1).toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `docker.io/library/nginx@sha256:…`: the imageID a container status reports once the image is on the node. */
export function imageIdOf(ref: ImageRef): string {
  return `${ref.repository}@${ref.digest ?? `sha256:${hexDigest(ref.full)}`}`;
}

/** Glob match where `*` matches any run of characters (including `/`). */
export function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*')) return pattern === text;
  const parts = pattern.split('*');
  if (!text.startsWith(parts[0]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const idx = text.indexOf(parts[i]!, pos);
    if (idx < 0) return false;
    pos = idx + parts[i]!.length;
  }
  const last = parts[parts.length - 1]!;
  return text.length - pos >= last.length && text.endsWith(last);
}
