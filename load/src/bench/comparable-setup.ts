import type { BenchResults } from './bench-results.ts';

/** The parts of a run's setup that must match for its figures to compare with another's. */
export type ComparableSetup = Pick<BenchResults['setup'], 'workers' | 'connections'
  | 'toxiproxy' | 'durationScale' | 'rateScale'>;

/**
 * The setup fields in which two runs differ, as "field: baseline → now". A run at a tenth of
 * the duration, or with another worker count, measures something else: its delivery rates,
 * transactions per delivery and latencies are not comparable with the baseline's.
 */
export function setupDifferences(baseline: ComparableSetup, current: ComparableSetup): string[] {
  const fields = ['workers', 'connections', 'toxiproxy', 'durationScale', 'rateScale'] as const;
  return fields.filter((field) => baseline[field] !== current[field])
    .map((field) => `${field}: ${String(baseline[field])} → ${String(current[field])}`);
}
