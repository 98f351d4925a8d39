/** RFC 3339 second-precision timestamps, memoised: many statuses written in the same virtual second share one string. */
import { timestamp } from '../store/store.js';

let lastSecond = NaN;
let lastText = '';

/** metav1.Time text of an instant (epoch ms), as the store writes timestamps. */
export function stamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = timestamp(ms);
  }
  return lastText;
}
