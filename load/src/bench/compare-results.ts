import { REFERENCE_FIGURE } from './bench-figures.ts';
import { BenchError } from './bench-error.ts';
import type { Figure, FigureKind } from './figure.ts';

/**
 * How much worse than the baseline each kind of figure may get, after normalisation, before
 * it counts as a regression: `limit` is the largest allowed ratio of worse to baseline (1.25:
 * a throughput may fall to 1/1.25 = 80 %, a time may grow by 25 %), and `slack` an absolute
 * allowance in the figure's unit, so that 2 ms becoming 3 ms is not a regression.
 */
export const DEFAULT_TOLERANCES: Record<FigureKind, { limit: number; slack: number }> = {
  throughput: { limit: 1.25, slack: 0 },
  time: { limit: 1.5, slack: 2 },
  size: { limit: 1.25, slack: 10 },
  count: { limit: 1.1, slack: 0.05 },
  ratio: { limit: 1.25, slack: 0 },
};

/**
 * The tolerances with one limit for every kind of figure that a slow or busy machine moves
 * (throughputs, times, sizes, ratios); counts (transactions per delivery) keep theirs, since
 * they do not depend on the machine. The CI gate uses 2: at most twice as bad, normalised.
 */
export function tolerancesWithLimit(limit: number): typeof DEFAULT_TOLERANCES {
  const widened = (kind: FigureKind): { limit: number; slack: number } =>
    ({ ...DEFAULT_TOLERANCES[kind], limit: Math.max(limit, DEFAULT_TOLERANCES[kind].limit) });
  return { throughput: widened('throughput'), time: widened('time'), size: widened('size'),
    count: DEFAULT_TOLERANCES.count, ratio: widened('ratio') };
}

export interface FigureComparison {
  name: string;
  unit: string;
  better: Figure['better'];
  kind: FigureKind;
  baseline: number | undefined;
  current: number | undefined;
  /** current ÷ baseline, as measured. */
  ratio: number | undefined;
  /** The ratio with the machine's speed taken out (see compareResults). */
  normalisedRatio: number | undefined;
  /** The largest normalised ratio (or smallest, for higher-is-better) that still passes. */
  limit: number;
  verdict: 'ok' | 'regressed' | 'missing' | 'new';
}

export interface Comparison {
  /** The reference figure now ÷ in the baseline: above 1, this machine is faster now. */
  machineFactor: number;
  figures: FigureComparison[];
  regressed: boolean;
}

/**
 * Compares every figure of a run with the baseline's. The machine factor m is the reference
 * figure (the Postgres ceiling, re-measured in the same run) now ÷ then. Throughputs are
 * divided by m and times multiplied by it, so a machine that is 30 % slower today does not
 * read as a 30 % regression; sizes, counts and ratios to ceilings are compared as they are.
 * A figure the baseline has and the run lacks is `missing` and fails; a new one is reported.
 */
export function compareResults(baseline: Record<string, Figure>, current: Record<string, Figure>,
  tolerances = DEFAULT_TOLERANCES): Comparison {
  const reference = [baseline[REFERENCE_FIGURE]?.value, current[REFERENCE_FIGURE]?.value];
  if (!reference.every((value) => value !== undefined && value > 0)) {
    throw new BenchError('BENCH_COMPARE_NO_REFERENCE',
      `both results need ${REFERENCE_FIGURE} above 0 to normalise by`);
  }
  const machineFactor = (reference[1] as number) / (reference[0] as number);
  const names = [...new Set([...Object.keys(baseline), ...Object.keys(current)])].sort();
  const figures = names.map((name) => compareFigure(name, baseline[name], current[name],
    machineFactor, tolerances));
  return { machineFactor: round(machineFactor),
    figures, regressed: figures.some((f) => f.verdict === 'regressed' || f.verdict === 'missing') };
}

function compareFigure(name: string, before: Figure | undefined, now: Figure | undefined,
  machineFactor: number, tolerances: typeof DEFAULT_TOLERANCES): FigureComparison {
  const shape = (now ?? before) as Figure;
  const tolerance = tolerances[shape.kind];
  const higher = shape.better === 'higher';
  const limit = higher ? round(1 / tolerance.limit) : tolerance.limit;
  const base = { name, unit: shape.unit, better: shape.better, kind: shape.kind,
    baseline: before?.value, current: now?.value, limit };
  if (before === undefined) {
    return { ...base, ratio: undefined, normalisedRatio: undefined, verdict: 'new' };
  }
  if (now === undefined) {
    return { ...base, ratio: undefined, normalisedRatio: undefined, verdict: 'missing' };
  }
  if (name === REFERENCE_FIGURE) {
    // The yardstick: by definition it measures the machine, not Harborhook.
    return { ...base, ratio: round(now.value / before.value), normalisedRatio: 1, verdict: 'ok' };
  }
  // What the current value would have been on the baseline's machine.
  const onBaselineMachine = shape.kind === 'throughput' ? now.value / machineFactor
    : shape.kind === 'time' ? now.value * machineFactor : now.value;
  const ratio = before.value === 0 ? undefined : now.value / before.value;
  const normalisedRatio = before.value === 0 ? undefined : onBaselineMachine / before.value;
  const regressed = higher
    ? onBaselineMachine < before.value / tolerance.limit - tolerance.slack
    : onBaselineMachine > before.value * tolerance.limit + tolerance.slack;
  return { ...base, ratio: ratio === undefined ? undefined : round(ratio),
    normalisedRatio: normalisedRatio === undefined ? undefined : round(normalisedRatio),
    verdict: regressed ? 'regressed' : 'ok' };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The comparison as a Markdown table, worst first. */
export function formatComparison(comparison: Comparison): string {
  const order = { missing: 0, regressed: 1, ok: 2, new: 3 };
  const rows = [...comparison.figures].sort((a, b) => order[a.verdict] - order[b.verdict]);
  const show = (value: number | undefined): string => value === undefined ? '—' : String(value);
  return [
    `machine factor (reference ${REFERENCE_FIGURE} now ÷ baseline): ${comparison.machineFactor}`,
    '',
    '| figure | baseline | now | ratio | normalised | limit | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((f) => `| ${f.name} (${f.unit}) | ${show(f.baseline)} | ${show(f.current)} | `
      + `${show(f.ratio)} | ${show(f.normalisedRatio)} | ${f.better === 'higher' ? '≥' : '≤'} `
      + `${f.limit} | ${f.verdict} |`),
    '',
    comparison.regressed ? 'REGRESSED: at least one figure is beyond its limit or missing.'
      : 'No figure regressed beyond its limit.',
  ].join('\n');
}
