/**
 * The recommender's decaying histograms (pkg/recommender/util): exponentially growing buckets, each sample weighted
 * by 2^((t − reference) / halfLife) so history loses half its importance per half-life (24 h by default). Bucket
 * weights live in one Float64Array of fixed size, so a histogram's memory never grows with its history.
 */

/** Bucketing of an exponential histogram (NewExponentialHistogramOptions). */
export interface HistogramOptions {
  readonly numBuckets: number;
  readonly firstBucketSize: number;
  readonly ratio: number;
  /** Buckets lighter than this count as empty. */
  readonly epsilon: number;
}

/** Options for buckets [0, first), then each `ratio` times wider than the last, up to `maxValue`. */
export function exponentialOptions(maxValue: number, firstBucketSize: number, ratio: number, epsilon: number): HistogramOptions {
  if (!(maxValue > 0 && firstBucketSize > 0 && ratio > 1 && epsilon > 0)) {
    throw new RangeError('maxValue, firstBucketSize and epsilon must be > 0.0, ratio must be > 1.0');
  }
  const numBuckets = Math.ceil(Math.log(maxValue * (ratio - 1) / firstBucketSize + 1) / Math.log(ratio)) + 1;
  return { numBuckets, firstBucketSize, ratio, epsilon };
}

/** bucketStart(b) = first × (ratio^b − 1) / (ratio − 1). */
export function bucketStart(o: HistogramOptions, bucket: number): number {
  if (bucket <= 0) return 0;
  return o.firstBucketSize * (o.ratio ** bucket - 1) / (o.ratio - 1);
}

/** The bucket a value falls in (the first or last for values outside the range). */
export function findBucket(o: HistogramOptions, value: number): number {
  if (!(value >= o.firstBucketSize)) return 0;
  const bucket = Math.floor(Math.log(value * (o.ratio - 1) / o.firstBucketSize + 1) / Math.log(o.ratio));
  return bucket >= o.numBuckets ? o.numBuckets - 1 : bucket;
}

/** minSampleWeight and epsilon of aggregations_config.go. */
export const MIN_SAMPLE_WEIGHT = 0.1;
const EPSILON = 0.001 * MIN_SAMPLE_WEIGHT;
/** Each bucket 5% wider than the one before (DefaultHistogramBucketSizeGrowth). */
const GROWTH = 1.05;

/** CPU in cores: first bucket 0.01 core (10m), up to 1000 cores. */
export const CPU_HISTOGRAM = exponentialOptions(1000, 0.01, GROWTH, EPSILON);
/** Memory in bytes: first bucket 1e7 bytes (10 MB), up to 1e12 (1 TB). */
export const MEMORY_HISTOGRAM = exponentialOptions(1e12, 1e7, GROWTH, EPSILON);

/** The half-life of both histograms (--cpu-histogram-decay-half-life, --memory-histogram-decay-half-life). */
export const HISTOGRAM_HALF_LIFE_MS = 24 * 60 * 60 * 1000;
/** Renormalise once the decay factor would pass 2^100 (maxDecayExponent). */
const MAX_DECAY_EXPONENT = 100;

/** A decaying histogram (decayingHistogram over histogram). Times are virtual epoch ms. */
export class DecayingHistogram {
  private readonly weights: Float64Array;
  private total = 0;
  private minBucket: number;
  private maxBucket = 0;
  /** Always a whole number of half-lives; 0 (the zero time) until the first sample shifts it. */
  private reference = 0;

  constructor(readonly options: HistogramOptions, readonly halfLifeMs: number = HISTOGRAM_HALF_LIFE_MS) {
    this.weights = new Float64Array(options.numBuckets);
    this.minBucket = options.numBuckets - 1;
  }

  /** Sum of the (decayed) weights, relative to the current reference time. */
  get totalWeight(): number {
    return this.total;
  }

  isEmpty(): boolean {
    return this.weights[this.minBucket]! < this.options.epsilon;
  }

  addSample(value: number, weight: number, timeMs: number): void {
    if (!(weight >= 0)) throw new RangeError('sample weight must be non-negative');
    const w = weight * this.decayFactor(timeMs);
    const b = findBucket(this.options, value);
    this.weights[b]! += w;
    this.total += w;
    if (b < this.minBucket && this.weights[b]! >= this.options.epsilon) this.minBucket = b;
    if (b > this.maxBucket && this.weights[b]! >= this.options.epsilon) this.maxBucket = b;
  }

  /** Remove a sample added before (a superseded memory peak); a bucket never goes below zero. */
  subtractSample(value: number, weight: number, timeMs: number): void {
    if (!(weight >= 0)) throw new RangeError('sample weight must be non-negative');
    let w = weight * this.decayFactor(timeMs);
    const b = findBucket(this.options, value);
    if (w > this.weights[b]! - this.options.epsilon) w = this.weights[b]!;
    this.total -= w;
    this.weights[b]! -= w;
    this.updateMinAndMax();
  }

  /**
   * The value below which `p` (0..1) of the weight lies: the END of the bucket where the running sum reaches it
   * (the start of the last bucket, which has no end). 0 for an empty histogram.
   */
  percentile(p: number): number {
    if (this.isEmpty()) return 0;
    const threshold = p * this.total;
    let sum = 0;
    let b = this.minBucket;
    for (; b < this.maxBucket; b++) {
      sum += this.weights[b]!;
      if (sum >= threshold) break;
    }
    return b < this.options.numBuckets - 1 ? bucketStart(this.options, b + 1) : bucketStart(this.options, b);
  }

  private decayFactor(timeMs: number): number {
    if (timeMs > this.reference + this.halfLifeMs * MAX_DECAY_EXPONENT) this.shiftReference(timeMs);
    return 2 ** ((timeMs - this.reference) / this.halfLifeMs);
  }

  /** Move the reference forward (rounded to a half-life), scaling every weight down to match: percentiles are unchanged. */
  private shiftReference(timeMs: number): void {
    const next = Math.round(timeMs / this.halfLifeMs) * this.halfLifeMs;
    const factor = 2 ** Math.round((this.reference - next) / this.halfLifeMs);
    for (let b = this.minBucket; b <= this.maxBucket; b++) this.weights[b]! *= factor;
    this.total *= factor;
    this.reference = next;
    this.updateMinAndMax();
  }

  private updateMinAndMax(): void {
    const eps = this.options.epsilon;
    const last = this.options.numBuckets - 1;
    while (this.weights[this.minBucket]! < eps && this.minBucket < last) this.minBucket++;
    while (this.weights[this.maxBucket]! < eps && this.maxBucket > 0) this.maxBucket--;
  }
}
