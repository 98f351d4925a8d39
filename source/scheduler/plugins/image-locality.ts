/**
 * ImageLocality (weight 1): favour nodes that already hold the pod's images, scaled by how widely each image has
 * spread (to avoid piling pods onto one warm node). Init containers count too, as in current releases.
 */
import type { Container, Pod } from '../../api/core.js';
import type { ScorePlugin } from '../framework.js';
import type { NodeInfo } from '../node-info.js';
import { podDerived } from '../pod-cache.js';
import type { Snapshot } from '../snapshot.js';
import { MAX_NODE_SCORE } from '../types.js';

const MB = 1024 * 1024;
/** Below this the image is cheap to pull anyway: score 0. */
export const MIN_THRESHOLD = 23 * MB;
/** Per container: at or above this sum the score is 100. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: add ":latest" when the name has no tag after its last "/". */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: clamp the sum to [23 MiB, 1000 MiB × containers] and scale to 0..100. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * numContainers;
  const s = Math.min(Math.max(sumScores, MIN_THRESHOLD), max);
  return Math.trunc((MAX_NODE_SCORE * (s - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

interface ImageState {
  readonly images: readonly string[];
  /** Per image: nodes having it / all nodes (the same for every node this cycle, so computed once in PreScore). */
  readonly spread: Float64Array;
  /** The snapshot's node list and this image list's memoised scores by node index (NaN: not computed yet). */
  readonly listed: readonly NodeInfo[];
  readonly memo: Float64Array;
}

/** The normalised image names of init and app containers (cached per pod object; a pod's images never change). */
function imagesOf(pod: Pod): readonly string[] {
  const derived = podDerived(pod);
  let images = derived.images;
  if (!images) {
    const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    derived.images = images = Object.freeze(containers.map((c) => normalizedImageName(c.image ?? '')));
  }
  return images;
}

/**
 * A node's score depends only on the pod's image list and on the nodes (their images, how many hold each image,
 * how many there are), so it is memoised per image list until any node changes: sibling pods share one pass.
 */
interface ScoreMemo { generation: number; readonly byImages: Map<string, Float64Array> }
const memos = new WeakMap<Snapshot, ScoreMemo>();
/** Image lists remembered per node generation. */
const MEMO_LIMIT = 64;

function memoFor(snapshot: Snapshot, images: readonly string[], numNodes: number): Float64Array {
  let m = memos.get(snapshot);
  if (!m) memos.set(snapshot, (m = { generation: snapshot.nodeGeneration, byImages: new Map() }));
  if (m.generation !== snapshot.nodeGeneration || m.byImages.size >= MEMO_LIMIT) {
    m.generation = snapshot.nodeGeneration;
    m.byImages.clear();
  }
  const key = images.join('\u0000');
  let scores = m.byImages.get(key);
  if (!scores || scores.length !== numNodes) m.byImages.set(key, (scores = new Float64Array(numNodes).fill(NaN)));
  return scores;
}

/** The ImageLocality score. */
export const imageLocalityScore: ScorePlugin<ImageState> = {
  name: 'ImageLocality',
  weight: 1,
  preScore(ctx) {
    const images = imagesOf(ctx.pod);
    const listed = ctx.snapshot.nodeInfoList();
    const totalNodes = listed.length;
    const spread = new Float64Array(images.length);
    for (let i = 0; i < images.length; i++) spread[i] = ctx.snapshot.imageNumNodes(images[i]!) / totalNodes;
    return { state: { images, spread, listed, memo: memoFor(ctx.snapshot, images, totalNodes) } };
  },
  score(_ctx, s, info) {
    return memoisedImageScore(s, info);
  },
  scoreAll(_ctx, s, nodes, out) {
    for (let i = 0; i < nodes.length; i++) out[i] = memoisedImageScore(s, nodes[i]!);
  },
};

function memoisedImageScore(s: ImageState, info: NodeInfo): number {
  const i = info.index;
  // Nodes outside the snapshot's list (a caller's hypothetical node) are scored directly.
  if (i < 0 || s.listed[i] !== info) return imageScore(s, info);
  let v = s.memo[i]!;
  if (v !== v) s.memo[i] = v = imageScore(s, info);
  return v;
}

function imageScore({ images, spread }: ImageState, info: NodeInfo): number {
  if (images.length === 0) return 0;
  const sizes = info.imageSizes;
  if (sizes.size === 0) return imageLocalityPriority(0, images.length);
  let sum = 0;
  for (let i = 0; i < images.length; i++) {
    const size = sizes.get(images[i]!);
    if (size === undefined) continue;
    // scaledImageScore: size × (nodes having it / all nodes), truncated.
    sum += Math.trunc(size * spread[i]!);
  }
  return imageLocalityPriority(sum, images.length);
}
