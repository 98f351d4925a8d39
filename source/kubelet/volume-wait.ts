/**
 * A pod waiting for its volumes, as the kubelet's volume manager retries them: from 500 ms doubling to 2m2s,
 * a `MountVolume.SetUp failed` event per attempt for ConfigMap/Secret volumes, and `Unable to attach or mount
 * volumes` when the 2m2s wait times out (at once for a PVC the desired-state populator cannot process).
 */
import type { Pod } from '../api/core.js';
import type { ApiStore } from '../store/store.js';
import { type UnmountedVolume, unmountedVolumes } from './config-deps.js';
import * as msg from './messages.js';

const RETRY_FIRST_MS = 500;
/** The volume manager's retry cap and WaitForAttachAndMount timeout (2m2s). */
const RETRY_MAX_MS = 122_000;

/** The volume manager's wait for one pod's volumes. */
export class VolumeWait {
  /** When to try again (epoch ms). */
  nextAt: number;
  /** Objects the missing volumes need, as `Kind/namespace/name`. */
  waitsFor: string[] = [];
  private retryMs = RETRY_FIRST_MS;
  private timeoutAt: number;

  constructor(now: number) {
    this.nextAt = now;
    this.timeoutAt = now + RETRY_MAX_MS;
  }

  /**
   * One attempt: true when every volume can be mounted; otherwise the FailedMount events are recorded and the
   * next retry is scheduled.
   */
  attempt(store: ApiStore, pod: Pod, now: number, timeoutText: string, record: (message: string) => void): boolean {
    const problems = unmountedVolumes(store, pod);
    if (!problems.length) {
      this.waitsFor = [];
      return true;
    }
    const timedOut = now >= this.timeoutAt;
    report(problems, timedOut, timeoutText, record);
    if (timedOut) this.timeoutAt = now + RETRY_MAX_MS;
    this.nextAt = now + this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.waitsFor = problems.map((p) => p.waitsFor);
    return false;
  }
}

function report(problems: UnmountedVolume[], timedOut: boolean, timeoutText: string, record: (message: string) => void): void {
  for (const p of problems) if (p.setUpError) record(msg.mountSetUpFailed(p.volume, p.setUpError));
  const unmounted = problems.map((p) => p.volume).sort();
  const unprocessed = problems.filter((p) => p.processError);
  if (unprocessed.length) {
    const err = unprocessed.map((p) => p.processError!).join('; ');
    record(msg.unableToMount(unmounted, [], unprocessed.map((p) => p.volume).sort(), err));
  } else if (timedOut) {
    record(msg.unableToMount(unmounted, [], [], timeoutText));
  }
}
