/**
 * A node's image store and puller. Pulls are serialised (the kubelet's default serializeImagePulls=true), so a
 * pod waiting behind another pull reports "in 3s (12s including waiting)". Requests for an image already being
 * pulled join that pull. The store's contents feed node.status.images (ImageLocality scoring).
 */
import type { TimerHandle } from '../engine/timers.js';
import type { ContainerRun } from './container-run.js';
import { type ImageRef, imageIdOf, parseImageRef } from './image-ref.js';
import { pullError } from './messages.js';
import type { PodWorker } from './pod-worker.js';

interface Waiter { worker: PodWorker; run: ContainerRun; requestedAt: number }

interface PullJob {
  key: string;
  ref: ImageRef;
  durationMs: number;
  sizeBytes: number;
  error?: string;
  waiters: Waiter[];
  startedAt: number;
}

/** An image on the node, as node.status.images lists it. */
export interface StoredImage { names: string[]; sizeBytes: number }

/** How long a failing pull takes to fail (resolving the reference), at most. */
const FAIL_AFTER_MS = 1000;
/** A re-pull of an image whose layers are all present only checks the manifest. */
const CACHED_PULL_MS = 500;
/** The kubelet reports at most this many images in node status (nodeStatusMaxImages). */
const MAX_STATUS_IMAGES = 50;

/** The node's image store and serial puller. */
export class ImagePuller {
  private readonly images = new Map<string, StoredImage>();
  private readonly queue: PullJob[] = [];
  private current?: PullJob;
  private timer?: TimerHandle;
  /** Bumped whenever the stored images change (node status compares it). */
  version = 0;

  constructor(private readonly host: {
    now(): number;
    schedule(delayMs: number, fn: () => void, label: string): TimerHandle;
    cancel(h: TimerHandle | undefined): void;
  }) {}

  present(ref: ImageRef): boolean {
    return this.images.has(ref.full);
  }

  /** Put an image on the node without pulling (pre-pulled images: pause, control-plane images). */
  preload(image: string, sizeBytes: number): void {
    this.store(parseImageRef(image), sizeBytes);
  }

  private store(ref: ImageRef, sizeBytes: number): void {
    if (this.images.has(ref.full)) return;
    // containerd reports the digest and the full name; the short name as pods write it is added so that the
    // scheduler's ImageLocality (which compares pod image names as written) can see the image.
    const names = [imageIdOf(ref), ref.full];
    const short = `${ref.familiar}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
    if (short !== ref.full) names.push(short);
    this.images.set(ref.full, { names, sizeBytes });
    this.version++;
  }

  /** Queue a pull of the run's image for a pod worker; the worker's `pulled` is called when it ends. */
  request(worker: PodWorker, run: ContainerRun): void {
    const ref = run.ref!;
    const error = run.profile.imagePullError;
    const key = `${ref.full}\u0000${error ?? ''}`;
    const now = this.host.now();
    const waiter: Waiter = { worker, run, requestedAt: now };
    const job = this.current?.key === key ? this.current : this.queue.find((j) => j.key === key);
    if (job) {
      job.waiters.push(waiter);
      return;
    }
    const pullMs = run.profile.pullSeconds * 1000;
    const durationMs = error ? Math.min(pullMs, FAIL_AFTER_MS) : this.present(ref) ? Math.min(pullMs, CACHED_PULL_MS) : pullMs;
    this.queue.push({
      key, ref, durationMs, sizeBytes: run.profile.imageSizeBytes, waiters: [waiter], startedAt: now,
      error: error ? pullError(ref.full, error) : undefined,
    });
    this.pump();
  }

  /** Forget a pod's pending pulls (pod deleted or terminating). A pull in progress still completes for the node. */
  cancel(worker: PodWorker): void {
    const drop = (j: PullJob) => { j.waiters = j.waiters.filter((w) => w.worker !== worker); };
    if (this.current) drop(this.current);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      drop(this.queue[i]!);
      if (!this.queue[i]!.waiters.length) this.queue.splice(i, 1);
    }
  }

  private pump(): void {
    if (this.current || !this.queue.length) return;
    const job = this.queue.shift()!;
    job.startedAt = this.host.now();
    this.current = job;
    this.timer = this.host.schedule(job.durationMs, () => this.finish(job), 'kubelet-image-pull');
  }

  private finish(job: PullJob): void {
    this.current = undefined;
    this.timer = undefined;
    const end = this.host.now();
    if (!job.error) this.store(job.ref, job.sizeBytes);
    for (const w of job.waiters) {
      w.worker.pulled(w.run, {
        ok: !job.error, error: job.error,
        pullMs: end - Math.max(job.startedAt, w.requestedAt), totalMs: end - w.requestedAt,
      });
    }
    this.pump();
  }

  /** Stop: drop every queued pull (the node is gone). */
  clear(): void {
    this.host.cancel(this.timer);
    this.timer = undefined;
    this.current = undefined;
    this.queue.length = 0;
  }

  /** node.status.images: largest first, at most 50. */
  statusImages(): StoredImage[] {
    return [...this.images.values()].sort((a, b) => b.sizeBytes - a.sizeBytes).slice(0, MAX_STATUS_IMAGES).map((i) => ({ names: [...i.names], sizeBytes: i.sizeBytes }));
  }
}
