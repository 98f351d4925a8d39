/**
 * The recommender's model (pkg/recommender/model): an AggregateContainerState per VPA and container name holds the
 * decaying CPU-usage histogram and the histogram of memory peaks; a ContainerState per running container feeds it,
 * adding CPU samples weighted by the container's request and one memory peak per 24 h aggregation interval.
 */
import { CPU_HISTOGRAM, DecayingHistogram, MEMORY_HISTOGRAM, MIN_SAMPLE_WEIGHT } from './histogram.js';

/** --memory-aggregation-interval: one memory peak per container per interval. */
export const MEMORY_AGGREGATION_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** --memory-aggregation-interval-count: an aggregate without samples for 8 intervals is forgotten. */
export const MEMORY_AGGREGATION_WINDOW_MS = 8 * MEMORY_AGGREGATION_INTERVAL_MS;
/** --oom-bump-up-ratio and --oom-min-bump-up-bytes: memory after an OOM kill is raised by 20%, at least 100 MiB. */
export const OOM_BUMP_UP_RATIO = 1.2;
export const OOM_MIN_BUMP_UP_BYTES = 100 * 1024 * 1024;

/** Usage aggregated over every container of one name under one VPA. First/last/count follow CPU samples only. */
export class AggregateContainerState {
  readonly cpu = new DecayingHistogram(CPU_HISTOGRAM);
  readonly memoryPeaks = new DecayingHistogram(MEMORY_HISTOGRAM);
  /** Virtual ms of the first and last CPU sample; NaN before the first. */
  firstSampleStart = Number.NaN;
  lastSampleStart = Number.NaN;
  totalSamplesCount = 0;

  /** A CPU sample weighted by the request (min 0.1 core), so raising the request lets older history fade faster. */
  addCpuSample(usageCores: number, requestCores: number, timeMs: number): void {
    this.cpu.addSample(usageCores, Math.max(requestCores, MIN_SAMPLE_WEIGHT), timeMs);
    if (!(timeMs <= this.lastSampleStart)) this.lastSampleStart = timeMs;
    if (!(timeMs >= this.firstSampleStart)) this.firstSampleStart = timeMs;
    this.totalSamplesCount++;
  }

  /** Whether no CPU sample has arrived for the whole memory aggregation window (isExpired). */
  isExpired(nowMs: number): boolean {
    return !Number.isNaN(this.lastSampleStart) && nowMs - this.lastSampleStart >= MEMORY_AGGREGATION_WINDOW_MS;
  }
}

/** One container instance: deduplicates samples and keeps this interval's memory peak in the aggregate. */
export class ContainerState {
  private lastCpuSampleStart = -Infinity;
  private lastMemorySampleStart = -Infinity;
  private memoryPeak = 0;
  private oomPeak = 0;
  /** End of the current memory aggregation interval; NaN before the first memory sample. */
  private windowEnd = Number.NaN;
  /** finishedAt of the last OOM kill already recorded, so a pod's status is not counted twice. */
  lastOomFinishedMs = -Infinity;

  constructor(readonly aggregate: AggregateContainerState) {}

  /** Add a CPU sample unless it is a duplicate or out of order; true if it was aggregated. */
  addCpuSample(usageMilli: number, requestMilli: number, timeMs: number): boolean {
    if (!(usageMilli >= 0) || !(timeMs > this.lastCpuSampleStart)) return false;
    this.aggregate.addCpuSample(usageMilli / 1000, requestMilli / 1000, timeMs);
    this.lastCpuSampleStart = timeMs;
    return true;
  }

  /**
   * Add a memory sample: within the current interval only a new maximum replaces the interval's peak in the
   * aggregate; a sample past the interval starts a new one. OOM samples are always processed.
   */
  addMemorySample(bytes: number, timeMs: number, isOom = false): boolean {
    if (!(bytes >= 0) || (!isOom && timeMs < this.lastMemorySampleStart)) return false;
    this.lastMemorySampleStart = timeMs;
    if (Number.isNaN(this.windowEnd)) this.windowEnd = timeMs;
    let addNewPeak = false;
    if (timeMs < this.windowEnd) {
      const old = Math.max(this.memoryPeak, this.oomPeak);
      if (old !== 0 && bytes > old) {
        this.aggregate.memoryPeaks.subtractSample(old, 1, this.windowEnd);
        addNewPeak = true;
      }
    } else {
      const interval = MEMORY_AGGREGATION_INTERVAL_MS;
      this.windowEnd += Math.floor((timeMs - this.windowEnd) / interval) * interval + interval;
      this.memoryPeak = 0;
      this.oomPeak = 0;
      addNewPeak = true;
    }
    if (addNewPeak) {
      this.aggregate.memoryPeaks.addSample(bytes, 1, this.windowEnd);
      if (isOom) this.oomPeak = bytes;
      else this.memoryPeak = bytes;
    }
    return true;
  }

  /** RecordOOM: an artificial peak of max(used + 100 MiB, used × 1.2), used = max(request, this interval's peak). */
  recordOom(timeMs: number, requestBytes: number): boolean {
    if (!Number.isNaN(this.windowEnd) && timeMs < this.windowEnd - MEMORY_AGGREGATION_INTERVAL_MS) return false; // too old
    const used = Math.max(requestBytes, this.memoryPeak);
    const needed = Math.max(used + OOM_MIN_BUMP_UP_BYTES, Math.trunc(used * OOM_BUMP_UP_RATIO));
    return this.addMemorySample(needed, timeMs, true);
  }
}
