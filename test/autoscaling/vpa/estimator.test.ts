import { describe, expect, it } from 'vitest';
import { AggregateContainerState, ContainerState } from '../../../source/autoscaling/vpa/aggregate.js';
import { confidence, estimateContainer, podMinimumShare } from '../../../source/autoscaling/vpa/estimator.js';
import {
  bucketStart, CPU_HISTOGRAM, DecayingHistogram, exponentialOptions, findBucket, MEMORY_HISTOGRAM,
} from '../../../source/autoscaling/vpa/histogram.js';
import { formatAmount } from '../../../source/autoscaling/vpa/policy.js';
import { MIB } from './helpers.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('exponential histogram buckets', () => {
  it('cover 10m..1000 cores and 10 MB..1 TB in 176 buckets growing by 5%', () => {
    expect(CPU_HISTOGRAM.numBuckets).toBe(176);
    expect(MEMORY_HISTOGRAM.numBuckets).toBe(176);
    expect(bucketStart(CPU_HISTOGRAM, 1)).toBeCloseTo(0.01, 12);
    expect(bucketStart(CPU_HISTOGRAM, 2)).toBeCloseTo(0.01 + 0.0105, 12);
    expect(findBucket(CPU_HISTOGRAM, 0.005)).toBe(0);
    expect(findBucket(CPU_HISTOGRAM, 0.5)).toBe(25);
    expect(findBucket(CPU_HISTOGRAM, 5000)).toBe(175); // past the range: the last bucket
    expect(findBucket(MEMORY_HISTOGRAM, 100 * MIB)).toBe(8);
  });

  it('refuses nonsense options', () => {
    expect(() => exponentialOptions(0, 1, 1.05, 1)).toThrow(/ratio must be > 1.0/);
    expect(() => exponentialOptions(10, 1, 1, 1)).toThrow(RangeError);
  });
});

describe('DecayingHistogram', () => {
  it('answers a percentile with the end of the bucket where the weight is reached', () => {
    const h = new DecayingHistogram(CPU_HISTOGRAM);
    for (let i = 1; i <= 10; i++) h.addSample(i / 10, 1, T0);
    expect(h.percentile(0.5)).toBeCloseTo(0.5111345375888712, 12);
    expect(h.percentile(0.9)).toBeCloseTo(0.9032030735184506, 12);
    expect(h.percentile(0.95)).toBeCloseTo(1.0162813885540918, 12);
    expect(new DecayingHistogram(CPU_HISTOGRAM).percentile(0.9)).toBe(0);
  });

  it('halves a sample\'s weight per 24 h half-life', () => {
    const h = new DecayingHistogram(CPU_HISTOGRAM);
    for (let i = 0; i < 10; i++) h.addSample(1.0, 1, T0);
    for (let i = 0; i < 10; i++) h.addSample(0.1, 1, T0 + 2 * DAY); // weight 4 each: 40 against 10
    expect(h.percentile(0.75)).toBeCloseTo(bucketStart(CPU_HISTOGRAM, findBucket(CPU_HISTOGRAM, 0.1) + 1), 12);
    expect(h.percentile(0.85)).toBeCloseTo(bucketStart(CPU_HISTOGRAM, findBucket(CPU_HISTOGRAM, 1.0) + 1), 12);
  });

  it('keeps percentiles when it renormalises after 100 half-lives, and never grows', () => {
    const h = new DecayingHistogram(CPU_HISTOGRAM);
    h.addSample(0.2, 1, T0);
    h.addSample(0.2, 1, T0 + 150 * DAY);
    h.addSample(0.9, 1, T0 + 150 * DAY + MIN);
    expect(Number.isFinite(h.totalWeight)).toBe(true);
    expect(h.percentile(0.4)).toBeCloseTo(0.21578563588227356, 12);
    expect(h.percentile(0.9)).toBeCloseTo(0.9032030735184506, 12);
  });

  it('subtracts a superseded sample and rejects negative weights', () => {
    const h = new DecayingHistogram(MEMORY_HISTOGRAM);
    h.addSample(100 * MIB, 1, T0);
    h.subtractSample(100 * MIB, 1, T0);
    expect(h.isEmpty()).toBe(true);
    expect(() => h.addSample(1, -1, T0)).toThrow('sample weight must be non-negative');
  });
});

describe('memory peaks and OOM', () => {
  it('keeps one peak per container per 24 h interval', () => {
    const agg = new AggregateContainerState();
    const c = new ContainerState(agg);
    c.addMemorySample(100 * MIB, T0);
    c.addMemorySample(300 * MIB, T0 + MIN);
    c.addMemorySample(200 * MIB, T0 + 2 * MIN);
    const peak300 = bucketStart(MEMORY_HISTOGRAM, findBucket(MEMORY_HISTOGRAM, 300 * MIB) + 1);
    // Only the interval's maximum remains: even the lowest percentile is the 300Mi bucket.
    expect(agg.memoryPeaks.percentile(0.01)).toBe(peak300);
    expect(agg.memoryPeaks.percentile(1)).toBe(peak300);
    // A sample in the next interval adds a second peak.
    c.addMemorySample(50 * MIB, T0 + DAY + MIN);
    expect(agg.memoryPeaks.percentile(0.01)).toBe(bucketStart(MEMORY_HISTOGRAM, findBucket(MEMORY_HISTOGRAM, 50 * MIB) + 1));
    expect(c.addMemorySample(50 * MIB, T0 - MIN)).toBe(false); // out of order
  });

  it('records an OOM kill as max(request + 100 MiB, request × 1.2)', () => {
    const agg = new AggregateContainerState();
    const c = new ContainerState(agg);
    expect(c.recordOom(T0, 100 * MIB)).toBe(true);
    expect(agg.memoryPeaks.percentile(0.5)).toBe(bucketStart(MEMORY_HISTOGRAM, findBucket(MEMORY_HISTOGRAM, 200 * MIB) + 1));
  });

  it('deduplicates CPU samples and counts only new ones', () => {
    const agg = new AggregateContainerState();
    const c = new ContainerState(agg);
    expect(c.addCpuSample(500, 100, T0)).toBe(true);
    expect(c.addCpuSample(500, 100, T0)).toBe(false);
    expect(c.addCpuSample(-1, 100, T0 + MIN)).toBe(false);
    expect(agg.totalSamplesCount).toBe(1);
  });
});

describe('estimator', () => {
  /** `minutes` CPU samples one minute apart, at `cores`. */
  function history(minutes: number, cores: number, memory?: number): AggregateContainerState {
    const agg = new AggregateContainerState();
    for (let i = 0; i < minutes; i++) {
      agg.addCpuSample(cores, 0.1, T0 + i * MIN);
      if (memory !== undefined && i === 0) agg.memoryPeaks.addSample(memory, 1, T0);
    }
    return agg;
  }

  it('recommends 587m for a container using 500m (hamster example): 90th percentile bucket end + 15%', () => {
    const e = estimateContainer(history(2, 0.5), podMinimumShare(1));
    expect(e.target.cpu).toBe(587);
    expect(formatAmount('cpu', e.target.cpu)).toBe('587m');
  });

  it('uses the pod minimum of 25m and 250Mi, split over the containers', () => {
    expect(podMinimumShare(1)).toEqual({ cpu: 25, memory: 250 * MIB });
    expect(podMinimumShare(2)).toEqual({ cpu: 12, memory: 125 * MIB });
    const e = estimateContainer(history(2, 0.005, 50 * MIB), podMinimumShare(1));
    expect(e.target).toEqual({ cpu: 25, memory: 250 * MIB });
    expect(formatAmount('memory', e.target.memory)).toBe('250Mi');
  });

  it('memory target is the 90th percentile of peaks plus 15%', () => {
    const e = estimateContainer(history(2, 0.5, 1024 * MIB), podMinimumShare(1));
    expect(e.target.memory).toBe(1238659775);
    expect(formatAmount('memory', e.target.memory)).toBe('1238659775');
  });

  it('scales the bounds by the confidence in the history', () => {
    // No history length: the upper bound is infinite (capped at 1e14) and the lower bound falls to the minimum.
    const first = estimateContainer(history(1, 0.5, 100 * MIB), podMinimumShare(1));
    expect(confidence(history(1, 0.5))).toBe(0);
    expect(first.upperBound.cpu).toBe(1e14);
    expect(formatAmount('cpu', first.upperBound.cpu)).toBe('100G');
    expect(formatAmount('memory', first.upperBound.memory)).toBe('97656250000Ki');
    expect(first.lowerBound.cpu).toBe(25);
    // 12 h of one-a-minute samples: upper × 3; 24 h: upper × 2, lower × (1.001)^-2.
    expect(confidence(history(721, 0.5))).toBeCloseTo(0.5, 12);
    expect(estimateContainer(history(721, 0.5), podMinimumShare(1)).upperBound.cpu).toBe(1761);
    const day = estimateContainer(history(1441, 0.5), podMinimumShare(1));
    expect(confidence(history(1441, 0.5))).toBeCloseTo(1, 12);
    expect(day.upperBound.cpu).toBe(1174);
    expect(day.lowerBound.cpu).toBe(585);
  });

  it('takes the smaller of time span and sample count as the confidence', () => {
    const sparse = new AggregateContainerState();
    sparse.addCpuSample(0.5, 0.1, T0);
    sparse.addCpuSample(0.5, 0.1, T0 + 10 * DAY); // 10 days apart but only 2 samples
    expect(confidence(sparse)).toBeCloseTo(2 / 1440, 12);
  });
});
