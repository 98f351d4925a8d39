/** helper.DefaultNormalizeScore, shared by TaintToleration (reversed) and NodeAffinity. */
import { MAX_NODE_SCORE } from '../types.js';

/**
 * Scale scores to 0..100 against the highest: `100 × s / max` (integer division); reversed: `100 − that`.
 * When the highest is 0, every score becomes 100 if reversed and stays 0 otherwise.
 */
export function defaultNormalizeScore(scores: Float64Array, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
