/**
 * Rounds away binary floating-point noise (14.4 × 0.001 = 0.014400000000000001) so the rules
 * show the numbers a person would write, and stay identical from run to run.
 */
export function roundNumber(value: number): number {
  return Number(value.toPrecision(12));
}

/** The error budget of an objective in percent: 99.9 gives 0.001. */
export function errorBudgetOf(objectivePercent: number): number {
  return roundNumber((100 - objectivePercent) / 100);
}
