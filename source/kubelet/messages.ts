/**
 * The kubelet's event reasons and messages, and the status strings it writes, in upstream's exact words.
 * Some changed between versions; `KubeletMessages` is built for one kubelet version.
 */
import { formatDuration } from '../api/duration.js';

/** `v1.32.2` → [1, 32]; unparsable versions count as the newest we know. */
export function minorVersion(version: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : [1, 99];
}

/** Go's time.Duration String() of a duration truncated to milliseconds, as the Pulled message prints it. */
export function goDuration(ms: number): string {
  return formatDuration(Math.max(0, Math.trunc(ms)));
}

/** Go's %q. */
export const q = (s: string): string => JSON.stringify(s);

/** `<pod>_<namespace>(<uid>)`: format.Pod, how the kubelet names a pod in messages. */
export const formatPod = (name: string, namespace: string, uid: string): string => `${name}_${namespace}(${uid})`;

/** Event and status texts for one kubelet version. */
export class KubeletMessages {
  private readonly minor: number;

  constructor(readonly kubeletVersion: string) {
    const [major, minor] = minorVersion(kubeletVersion);
    this.minor = major > 1 ? 99 : minor;
  }

  /** `Created` event: ≤1.32 `Created container app`, 1.33–1.34 `Created container: app`, ≥1.35 `Container created`. */
  created(container: string): string {
    if (this.minor >= 35) return 'Container created';
    return this.minor >= 33 ? `Created container: ${container}` : `Created container ${container}`;
  }

  /** `Started` event: ≥1.35 `Container started`, otherwise `Started container app`. */
  started(container: string): string {
    return this.minor >= 35 ? 'Container started' : `Started container ${container}`;
  }

  /** The error the volume manager wraps in `Unable to attach or mount volumes` when its wait times out. */
  mountTimeout(): string {
    // wait.PollImmediate became PollUntilContextTimeout in 1.28, which reports the context's error.
    return this.minor >= 28 ? 'context deadline exceeded' : 'timed out waiting for the condition';
  }
}

// ---- Event and status messages, word for word as upstream writes them ----

export const pulling = (image: string) => `Pulling image ${q(image)}`;
export const pulled = (image: string, pullMs: number, totalMs: number, size: number) =>
  `Successfully pulled image ${q(image)} in ${goDuration(pullMs)} (${goDuration(totalMs)} including waiting). Image size: ${size} bytes.`;
export const alreadyPresent = (image: string) => `Container image ${q(image)} already present on machine`;
export const failedToPull = (image: string, err: string) => `Failed to pull image ${q(image)}: ${err}`;
export const backOffPulling = (image: string) => `Back-off pulling image ${q(image)}`;
export const neverPull = (image: string) => `Container image ${q(image)} is not present with pull policy of Never`;
export const invalidImageName = (image: string, err: string) => `Failed to apply default image tag ${q(image)}: couldn't parse image name ${q(image)}: ${err}`;

/** The runtime's error for a failed pull; `not found` gets containerd's full NotFound wording. */
export function pullError(fullRef: string, err: string): string {
  if (/^(manifest (unknown|not found)|not found)$/i.test(err)) {
    return `rpc error: code = NotFound desc = failed to pull and unpack image ${q(fullRef)}: failed to resolve reference ${q(fullRef)}: ${fullRef}: not found`;
  }
  if (/unauthorized|denied|forbidden/i.test(err)) {
    return `rpc error: code = Unknown desc = failed to pull and unpack image ${q(fullRef)}: failed to resolve reference ${q(fullRef)}: pull access denied, repository does not exist or may require authorization: ${err}`;
  }
  return `rpc error: code = Unknown desc = failed to pull and unpack image ${q(fullRef)}: ${err}`;
}

export const stopping = (container: string) => `Stopping container ${container}`;
export const backOffRestart = (container: string, pod: string) => `Back-off restarting failed container ${container} in pod ${pod}`;
export const backOffWaiting = (backoffMs: number, container: string, pod: string) =>
  `back-off ${formatDuration(backoffMs)} restarting failed container=${container} pod=${pod}`;
export const livenessKill = (container: string) => `Container ${container} failed liveness probe, will be restarted`;
export const startupKill = (container: string) => `Container ${container} failed startup probe, will be restarted`;

export const configMapNotFound = (name: string) => `configmap ${q(name)} not found`;
export const secretNotFound = (name: string) => `secret ${q(name)} not found`;
export const keyNotFound = (key: string, kind: 'ConfigMap' | 'Secret', namespace: string, name: string) =>
  `couldn't find key ${key} in ${kind} ${namespace}/${name}`;
export const mountSetUpFailed = (volume: string, err: string) => `MountVolume.SetUp failed for volume ${q(volume)} : ${err}`;
/** kubelet's WaitForAttachAndMount failure, `%v` of Go string slices: `[a b]`. */
export const unableToMount = (unmounted: string[], unattached: string[], unprocessed: string[], err: string) =>
  `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${unattached.join(' ')}], failed to process volumes=[${unprocessed.join(' ')}]: ${err}`;
export const pvcNotFound = (namespace: string, claim: string) =>
  `error processing PVC ${namespace}/${claim}: failed to fetch PVC from API server: persistentvolumeclaims ${q(claim)} not found`;
export const pvcNotBound = (namespace: string, claim: string) => `error processing PVC ${namespace}/${claim}: PVC is not bound`;

export const notEnoughResource = (resource: string, requested: number, used: number, capacity: number) =>
  `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`;
export const nodeStatusIsNow = (node: string, event: string) => `Node ${node} status is now: ${event}`;

/** Pod condition message: `containers with unready status: [a b]`. */
export const unready = (names: string[]) => `containers with unready status: [${names.join(' ')}]`;
export const incomplete = (names: string[]) => `containers with incomplete status: [${names.join(' ')}]`;
