/** The interface between a pod worker and the kubelet of its node. */
import type { TimerHandle } from '../engine/timers.js';
import type { ApiStore } from '../store/store.js';
import type { ContainerRun } from './container-run.js';
import type { ImageRef } from './image-ref.js';
import type { KubeletMessages } from './messages.js';
import type { PodWorker } from './pod-worker.js';

/** What a pod worker needs from its node's kubelet. */
export interface WorkerHost {
  readonly store: ApiStore;
  readonly messages: KubeletMessages;
  readonly nodeIP: string;
  /** Whether the kubelet is running (a stopped kubelet writes nothing). */
  readonly running: boolean;
  now(): number;
  /** A timer that waits while the kubelet is stopped and fires when it starts again. */
  schedule(delayMs: number, fn: () => void, label: string): TimerHandle;
  cancel(handle: TimerHandle | undefined): void;
  record(w: PodWorker, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void;
  markDirty(w: PodWorker): void;
  imagePresent(ref: ImageRef): boolean;
  requestPull(w: PodWorker, run: ContainerRun): void;
  cancelPulls(w: PodWorker): void;
  /** A pod IP, or undefined when the range is exhausted (the worker is retried when one frees up). */
  allocateIp(w: PodWorker): string | undefined;
  releaseIp(ip: string): void;
  usageChanged(run: ContainerRun, sign: 1 | -1): void;
  /** The objects this worker waits for (ConfigMaps, Secrets, PVCs), replacing any earlier list. */
  setWaits(w: PodWorker, keys: readonly string[]): void;
  /** Kubelet admission: undefined to admit, or the rejection. */
  admit(w: PodWorker): { reason: string; message: string } | undefined;
  /** The pod no longer holds node resources (terminal). */
  released(w: PodWorker): void;
  /** Delete the API object with grace 0 once the final status is written. */
  requestDelete(w: PodWorker): void;
}
