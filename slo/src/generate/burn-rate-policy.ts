import { formatDuration, parseDuration } from '../promql/duration.ts';
import { roundNumber } from './round-number.ts';

/** The windows every SLI's error ratio is recorded over (the alerts' long and short windows). */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = typeof SLI_WINDOWS[number];

export type AlertSeverity = 'page' | 'ticket';

/** One row of the multi-window, multi-burn-rate policy. */
export interface BurnRatePair {
  severity: AlertSeverity;
  long: SliWindow;
  short: SliWindow;
  /** Share of the period's error budget a burn at the threshold spends in the long window. */
  budgetConsumed: number;
}

/**
 * The SRE Workbook's table (ch. 5) plus Sloth's extra ticket row; each short window is 1/12 of
 * its long one. Both windows of a pair must exceed the threshold, and any pair of a severity fires
 * it. Over 30 days the factors are 14.4, 6, 3 and 1.
 */
export const BURN_RATE_PAIRS: readonly BurnRatePair[] = [
  { severity: 'page', long: '1h', short: '5m', budgetConsumed: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetConsumed: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetConsumed: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetConsumed: 0.1 },
];

export function windowMs(window: SliWindow): number {
  const ms = parseDuration(window);
  if (ms === undefined) throw new Error(`bad window ${window}`);
  return ms;
}

/** Burn rate at which the pair fires: budget share × period ÷ long window. */
export function burnFactor(pair: BurnRatePair, periodMs: number): number {
  return roundNumber(pair.budgetConsumed * periodMs / windowMs(pair.long));
}

/** The error-ratio threshold of a pair: its factor times the error budget (1 − objective). */
export function errorRatioThreshold(pair: BurnRatePair, periodMs: number,
  errorBudget: number): number {
  return roundNumber(burnFactor(pair, periodMs) * errorBudget);
}

/** `30d` for 2 592 000 000 ms; used in texts. */
export function describePeriod(periodMs: number): string {
  return formatDuration(periodMs);
}
