import { describeAlert } from './expected-alert.ts';
import type { ScenarioResult } from './run-scenario.ts';

const HEADER = ['scenario', 'alert', 'pending after', 'firing after', 'resolved after'];

/**
 * One row per expected alert: seconds from the fault (or from the recovery, for alerts
 * expected after it) to pending and firing, and from the recovery to resolved.
 */
export function resultTable(results: readonly ScenarioResult[]): string {
  const rows = results.flatMap((result) => result.outcomes.map((outcome) => [
    result.scenario.name,
    describeAlert(outcome.expected) + (outcome.expected.phase === 'recovery'
      ? ' (after recovery)' : ''),
    seconds(outcome.pendingAfterSeconds),
    seconds(outcome.firingAfterSeconds),
    outcome.expected.awaitResolution === false ? 'not awaited'
      : seconds(outcome.resolvedAfterSeconds),
  ]));
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(HEADER), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)]
    .join('\n') + '\n';
}

function seconds(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(1)} s`;
}
