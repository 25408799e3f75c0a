import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REFERENCE_FIGURE } from '../src/bench/bench-figures.ts';
import { BenchError } from '../src/bench/bench-error.ts';
import {
  compareResults, formatComparison, tolerancesWithLimit,
} from '../src/bench/compare-results.ts';
import type { Figure } from '../src/bench/figure.ts';

const reference = (value: number): Figure =>
  ({ value, unit: 'tx/s', better: 'higher', kind: 'throughput' });
const baseline: Record<string, Figure> = {
  [REFERENCE_FIGURE]: reference(4000),
  'stress.peakDeliveriesPerSecond': { value: 2000, unit: 'deliveries/s', better: 'higher',
    kind: 'throughput' },
  'baseline.publishP99Ms': { value: 20, unit: 'ms', better: 'lower', kind: 'time' },
  'baseline.peakRssMb.api': { value: 150, unit: 'MB', better: 'lower', kind: 'size' },
  'baseline.transactionsPerDelivery': { value: 3, unit: 'tx/delivery', better: 'lower',
    kind: 'count' },
};
const withValues = (values: Record<string, number>): Record<string, Figure> =>
  Object.fromEntries(Object.entries(baseline).map(([name, figure]) =>
    [name, { ...figure, value: values[name] ?? figure.value }]));
const verdictOf = (figures: Record<string, Figure>, name: string): string | undefined =>
  compareResults(baseline, figures).figures.find((f) => f.name === name)?.verdict;

test('the same figures compare as ok, with ratio 1 and machine factor 1', () => {
  const comparison = compareResults(baseline, baseline);
  assert.equal(comparison.machineFactor, 1);
  assert.equal(comparison.regressed, false);
  for (const figure of comparison.figures) {
    assert.equal(figure.verdict, 'ok');
    assert.equal(figure.ratio, 1);
  }
});

test('a throughput that falls beyond its limit regresses; within it, it does not', () => {
  const fell = withValues({ 'stress.peakDeliveriesPerSecond': 1500 });
  const comparison = compareResults(baseline, fell);
  assert.equal(comparison.regressed, true);
  const row = comparison.figures.find((f) => f.name === 'stress.peakDeliveriesPerSecond');
  assert.equal(row?.ratio, 0.75);
  assert.equal(row?.limit, 0.8);
  assert.equal(row?.verdict, 'regressed');
  assert.equal(verdictOf(withValues({ 'stress.peakDeliveriesPerSecond': 1700 }),
    'stress.peakDeliveriesPerSecond'), 'ok');
});

test('a slower machine (lower reference ceiling) is not read as a regression', () => {
  // Everything took 40 % longer because the machine is slower: the ceiling fell with it.
  const slowMachine = withValues({ [REFERENCE_FIGURE]: 2400,
    'stress.peakDeliveriesPerSecond': 1200, 'baseline.publishP99Ms': 33 });
  const comparison = compareResults(baseline, slowMachine);
  assert.equal(comparison.machineFactor, 0.6);
  assert.equal(comparison.regressed, false);
  const throughput = comparison.figures.find((f) => f.name === 'stress.peakDeliveriesPerSecond');
  assert.equal(throughput?.ratio, 0.6);
  assert.equal(throughput?.normalisedRatio, 1);
  const latency = comparison.figures.find((f) => f.name === 'baseline.publishP99Ms');
  assert.equal(latency?.normalisedRatio, 0.99);
  // The reference itself is the yardstick, never a regression.
  assert.equal(comparison.figures.find((f) => f.name === REFERENCE_FIGURE)?.verdict, 'ok');
});

test('the same drop on an equally fast machine is a regression', () => {
  const same = withValues({ 'stress.peakDeliveriesPerSecond': 1200 });
  assert.equal(verdictOf(same, 'stress.peakDeliveriesPerSecond'), 'regressed');
  // And a faster machine hides nothing: a flat figure there is a normalised fall.
  const faster = withValues({ [REFERENCE_FIGURE]: 8000 });
  assert.equal(verdictOf(faster, 'stress.peakDeliveriesPerSecond'), 'regressed');
});

test('times grow within limit plus slack; sizes and counts are never normalised', () => {
  assert.equal(verdictOf(withValues({ 'baseline.publishP99Ms': 31 }), 'baseline.publishP99Ms'),
    'ok');
  assert.equal(verdictOf(withValues({ 'baseline.publishP99Ms': 33 }), 'baseline.publishP99Ms'),
    'regressed');
  // Memory on a machine twice as fast is still judged as measured.
  const fasterMachineMoreMemory = withValues({ [REFERENCE_FIGURE]: 8000,
    'stress.peakDeliveriesPerSecond': 4000, 'baseline.peakRssMb.api': 200 });
  assert.equal(verdictOf(fasterMachineMoreMemory, 'baseline.peakRssMb.api'), 'regressed');
  assert.equal(verdictOf(withValues({ 'baseline.transactionsPerDelivery': 3.5 }),
    'baseline.transactionsPerDelivery'), 'regressed');
});

test('a figure missing from the run fails; a new one is only reported', () => {
  const { ['baseline.publishP99Ms']: _dropped, ...rest } = baseline;
  const comparison = compareResults(baseline, { ...rest,
    'baseline.e2eP99Ms': { value: 80, unit: 'ms', better: 'lower', kind: 'time' } });
  assert.equal(comparison.regressed, true);
  const verdicts = Object.fromEntries(comparison.figures.map((f) => [f.name, f.verdict]));
  assert.equal(verdicts['baseline.publishP99Ms'], 'missing');
  assert.equal(verdicts['baseline.e2eP99Ms'], 'new');
  assert.match(formatComparison(comparison), /REGRESSED/);
});

test('results without the reference figure cannot be compared', () => {
  const { [REFERENCE_FIGURE]: _reference, ...withoutReference } = baseline;
  assert.throws(() => compareResults(withoutReference, baseline),
    (err: unknown) => err instanceof BenchError && err.code === 'BENCH_COMPARE_NO_REFERENCE');
});

test('a wider limit passes what the default fails, but never a count, and never 3x', () => {
  const wide = tolerancesWithLimit(2);
  const slower = withValues({ 'baseline.publishP99Ms': 35, 'stress.peakDeliveriesPerSecond': 1100,
    'baseline.transactionsPerDelivery': 3.5 });
  const widened = compareResults(baseline, slower, wide).figures;
  const verdict = (name: string): string | undefined =>
    widened.find((f) => f.name === name)?.verdict;
  assert.equal(verdictOf(slower, 'baseline.publishP99Ms'), 'regressed');
  assert.equal(verdict('baseline.publishP99Ms'), 'ok');
  assert.equal(verdict('stress.peakDeliveriesPerSecond'), 'ok');
  assert.equal(verdict('baseline.transactionsPerDelivery'), 'regressed');
  const tripled = withValues({ 'baseline.publishP99Ms': 65 });
  assert.equal(compareResults(baseline, tripled, wide).regressed, true);
  assert.equal(tolerancesWithLimit(1).time.limit, 1.5, 'never narrower than the default');
});
