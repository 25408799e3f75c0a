import type { LatencySummary } from '../metrics/latency-histogram.ts';
import { PERCENTILE_KEYS, type PercentileLimits, type Thresholds } from '../profile/profile.ts';

/** One threshold checked: `actual` must be at most `limit`. */
export interface Verdict {
  threshold: string;
  limit: number;
  actual: number;
  ok: boolean;
}

/** The figures thresholds are checked against; an absent figure is not judged. */
export interface JudgedFigures {
  publish?: LatencySummary;
  e2e?: LatencySummary;
  errorRate?: number;
  dropRate?: number;
  loss?: number;
}

/**
 * Checks a stage's or a run's figures against the profile's thresholds. Latency percentiles
 * are judged only when something was measured (a stage with no deliveries has no e2e figures).
 */
export function judge(thresholds: Thresholds, figures: JudgedFigures): Verdict[] {
  const verdicts: Verdict[] = [];
  const check = (threshold: string, limit: number, actual: number): void => {
    verdicts.push({ threshold, limit, actual, ok: actual <= limit });
  };
  const latency = (name: string, limits: PercentileLimits, summary?: LatencySummary): void => {
    if (summary === undefined || summary.count === 0) return;
    for (const key of PERCENTILE_KEYS) {
      const limit = limits[key];
      if (limit !== undefined) check(`${name}.${key}`, limit, summary[key]);
    }
  };
  latency('publishLatencyMs', thresholds.publishLatencyMs, figures.publish);
  latency('e2eLatencyMs', thresholds.e2eLatencyMs, figures.e2e);
  if (figures.errorRate !== undefined) {
    check('maxErrorRate', thresholds.maxErrorRate, figures.errorRate);
  }
  if (figures.dropRate !== undefined) {
    check('maxDropRate', thresholds.maxDropRate, figures.dropRate);
  }
  if (figures.loss !== undefined) check('maxLoss', thresholds.maxLoss, figures.loss);
  return verdicts;
}
