/**
 * ImageLocality (weight 1): favour nodes that already hold the pod's images, scaled by how widely each image has
 * spread (to avoid piling pods onto one warm node). Init containers count too, as in current releases.
 */
import type { Container } from '../../api/core.js';
import type { ScorePlugin } from '../framework.js';
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

interface ImageState { readonly images: readonly string[]; readonly totalNodes: number }

/** The ImageLocality score. */
export const imageLocalityScore: ScorePlugin<ImageState> = {
  name: 'ImageLocality',
  weight: 1,
  preScore(ctx) {
    const containers: Container[] = [...(ctx.pod.spec?.initContainers ?? []), ...(ctx.pod.spec?.containers ?? [])];
    return { state: { images: containers.map((c) => normalizedImageName(c.image ?? '')), totalNodes: ctx.snapshot.numNodes } };
  },
  score(ctx, { images, totalNodes }, info) {
    if (images.length === 0) return 0;
    let sum = 0;
    for (const image of images) {
      const size = info.imageSizes.get(image);
      if (size === undefined) continue;
      // scaledImageScore: size × (nodes having it / all nodes), truncated.
      sum += Math.trunc(size * (ctx.snapshot.imageNumNodes(image) / totalNodes));
    }
    return imageLocalityPriority(sum, images.length);
  },
};
