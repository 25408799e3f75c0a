import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { LoadResults, PhaseResult } from './load-results.ts';

/** A short human summary of a run for the terminal; the JSON file has everything. */
export function formatSummary(results: LoadResults): string {
  const header = ['phase', 'target/s', 'achieved/s', 'sent', 'dropped', 'errors',
    'publish p50/p99 ms', 'e2e p50/p99 ms', 'loss', 'ok'];
  const rows = results.stages.map((stage) => row(`stage ${stage.index}`,
    `${round(stage.startRate)}→${round(stage.target)}`, stage, stage.skipped));
  rows.push(row('total', '', results.total));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const { deliveries } = results.total;
  const lines = [line(header), ...rows.map(line), '',
    `deliveries: expected ${deliveries.expected}, received ${deliveries.received}, delivered `
      + `${deliveries.delivered}, duplicates ${deliveries.duplicates}`
      + `, retries ${deliveries.retries}`
      + `, lost ${deliveries.loss}, unexpected ${deliveries.unexpected}`
      + (results.total.drained ? '' : ' (drain timed out)')];
  if (results.firstBreach !== null) {
    lines.push(`thresholds first broke in stage ${results.firstBreach.stage} (target `
      + `${round(results.firstBreach.target)}/s): ${results.firstBreach.thresholds.join(', ')}`);
  }
  const failed = results.total.verdicts.filter((verdict) => !verdict.ok);
  for (const verdict of failed) {
    lines.push(`total ${verdict.threshold}: ${verdict.actual} > ${verdict.limit}`);
  }
  lines.push(results.passed ? 'PASSED' : 'FAILED');
  return lines.join('\n');
}

function row(name: string, target: string, phase: PhaseResult, skipped = false): string[] {
  if (skipped) return [name, target, '-', '-', '-', '-', '-', '-', '-', 'skipped'];
  return [name, target, String(phase.achievedRate), String(phase.sent), String(phase.dropped),
    String(phase.errors), pair(phase.publishLatencyMs), pair(phase.e2eLatencyMs),
    String(phase.loss), phase.ok ? 'yes' : 'NO'];
}

function pair(summary: LatencySummary): string {
  return summary.count === 0 ? '-' : `${summary.p50}/${summary.p99}`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
