import { build, type Histogram } from 'hdr-histogram-js';

/** Percentiles in milliseconds, as the results file and the thresholds name them. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  'p99.9': number;
  max: number;
}

/**
 * An HDR histogram of latencies: recorded in microseconds (3 significant digits, resizing as
 * values grow, so a 10-minute stall is recorded as exactly as a 1 ms answer), read in ms.
 */
export class LatencyHistogram {
  readonly #histogram: Histogram = build({ lowestDiscernibleValue: 1,
    numberOfSignificantValueDigits: 3, autoResize: true });

  recordMs(ms: number): void {
    this.#histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.#histogram.totalCount;
  }

  percentileMs(percentile: number): number {
    if (this.count === 0) return 0;
    // A percentile is reported as the top of its bucket, which may lie above the largest value
    // recorded; the exact maximum is the better answer then.
    return round(Math.min(this.#histogram.getValueAtPercentile(percentile),
      this.#histogram.maxValue) / 1000);
  }

  /** Adds another histogram's values into this one (a stage into the total). */
  add(other: LatencyHistogram): void {
    other.#addInto(this.#histogram);
  }

  #addInto(target: Histogram): void {
    target.add(this.#histogram);
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      'p99.9': this.percentileMs(99.9),
      max: this.count === 0 ? 0 : round(this.#histogram.maxValue / 1000),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
