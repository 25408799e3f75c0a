import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchFigures, REFERENCE_FIGURE } from '../src/bench/bench-figures.ts';
import { BenchError } from '../src/bench/bench-error.ts';
import { buildReport } from '../src/bench/bench-report.ts';
import { BENCH_RESULTS_FORMAT, parseBenchResults, type BenchResults, type ProfileRun }
  from '../src/bench/bench-results.ts';
import type { TimelinePoint } from '../src/bench/bench-timeline.ts';
import { sumActivity } from '../src/bench/postgres-activity.ts';
import { setupDifferences } from '../src/bench/comparable-setup.ts';
import { meanDeliveryRate, peakDeliveryRate } from '../src/bench/profile-summary.ts';
import { roundUp } from '../src/bench/svg-line-chart.ts';
import type { LoadResults } from '../src/results/load-results.ts';

const latency = { count: 100, p50: 5, p90: 8, p95: 9, p99: 12, 'p99.9': 20, max: 30 };
const ceilings = {
  fastify: { requestsPerSecond: 20_000, connections: 64, seconds: 10, requests: 200_000,
    serverCpuCores: 0.9 },
  postgres: { transactionsPerSecond: 5_000, poolSize: 10, seconds: 10, transactions: 50_000 },
  postgresAfter: { transactionsPerSecond: 3_000, poolSize: 10, seconds: 10,
    transactions: 30_000 },
};
const point = (t: number, delivered: number): TimelinePoint =>
  ({ t, eventsAccepted: 0, deliveriesDelivered: delivered, apiPoolWaiting: 0, deliveriesDue: 0,
    postgresBackends: {}, processes: {} });
const run: ProfileRun = {
  profile: 'baseline',
  summary: {
    publishRate: 1000, publishLatencyMs: latency, e2eLatencyMs: { ...latency, p99: 90 },
    deliveries: 22_000, meanDeliveriesPerSecond: 2100, peakDeliveriesPerSecond: 2200,
    transactions: 66_000, transactionsPerDelivery: 3, platformCpuMsPerDelivery: 0.8,
    processes: { api: { cpuSeconds: 5, meanCpuCores: 0.5, peakCpuCores: 0.7, meanRssMb: 120,
      peakRssMb: 140 } },
    postgresBackendSamples: { 'idle in transaction:Client:ClientRead': 30, 'active:running': 10 },
    highestHeldStage: { index: 1, target: 1000, achievedRate: 998 }, passed: true, loss: 0,
  },
  timeline: [point(0, 0), point(1, 2000)],
  load: { stages: [] } as unknown as LoadResults,
};

test('figures name every measured number with its unit, direction and kind', () => {
  const figures = benchFigures(ceilings, [run]);
  // The reference is the mean of the Postgres ceiling before and after the profiles.
  assert.deepEqual(figures[REFERENCE_FIGURE],
    { value: 4000, unit: 'tx/s', better: 'higher', kind: 'throughput' });
  assert.equal(figures['ceiling.fastifyRequestsPerSecond']?.value, 20_000);
  for (const name of ['publishRate', 'peakDeliveriesPerSecond', 'meanDeliveriesPerSecond',
    'highestHeldRate', 'publishP50Ms', 'publishP95Ms', 'publishP99Ms', 'e2eP50Ms', 'e2eP95Ms',
    'e2eP99Ms', 'transactionsPerDelivery', 'platformCpuMsPerDelivery', 'peakRssMb.api',
    'publishRateOfFastifyCeiling', 'publishRateOfPostgresCeiling',
    'peakDeliveriesOfPostgresCeiling']) {
    assert.ok(figures[`baseline.${name}`] !== undefined, `baseline.${name} is a figure`);
  }
  assert.deepEqual(figures['baseline.e2eP99Ms'],
    { value: 90, unit: 'ms', better: 'lower', kind: 'time' });
  assert.equal(figures['baseline.publishRateOfFastifyCeiling']?.value, 0.05);
  assert.equal(figures['baseline.peakDeliveriesOfPostgresCeiling']?.value, 0.55);
  assert.equal(figures['baseline.publishRateOfPostgresCeiling']?.value, 0.25);
  assert.equal(figures['baseline.peakRssMb.api']?.kind, 'size');
});

test('a results file is refused unless it is JSON of this format with usable figures', () => {
  const refuses = (text: string, code: string): void => {
    assert.throws(() => parseBenchResults(text, 'x.json'),
      (err: unknown) => err instanceof BenchError && err.code === code, code);
  };
  refuses('{', 'BENCH_RESULTS_MALFORMED_JSON');
  refuses('{"format":"harborhook-load-results/1","figures":{}}', 'BENCH_RESULTS_FORMAT');
  refuses('null', 'BENCH_RESULTS_FORMAT');
  refuses(`{"format":"${BENCH_RESULTS_FORMAT}","setup":{}}`, 'BENCH_RESULTS_INVALID');
  refuses(`{"format":"${BENCH_RESULTS_FORMAT}","figures":{}}`, 'BENCH_RESULTS_INVALID');
  refuses(`{"format":"${BENCH_RESULTS_FORMAT}","setup":{},`
    + '"figures":{"a":{"value":"1","better":"higher"}}}', 'BENCH_RESULTS_INVALID');
  const good = parseBenchResults(JSON.stringify({ format: BENCH_RESULTS_FORMAT, setup: {},
    figures: benchFigures(ceilings, [run]) }), 'x.json');
  assert.equal(good.figures[REFERENCE_FIGURE]?.value, 4000);
});

test('delivery rates: the mean from the first to the last delivery, the best 10 s window', () => {
  // Idle for 2 s, 100/s for 10 s, 300/s for 10 s, idle again.
  const timeline = [point(0, 0), point(1, 0), point(2, 0)];
  for (let t = 3; t <= 12; t += 1) timeline.push(point(t, (t - 2) * 100));
  for (let t = 13; t <= 22; t += 1) timeline.push(point(t, 1000 + (t - 12) * 300));
  timeline.push(point(23, 4000), point(24, 4000));
  assert.equal(meanDeliveryRate(timeline), 200);
  assert.equal(peakDeliveryRate(timeline, 10), 300);
  // A run shorter than the window is judged over its whole length.
  assert.equal(peakDeliveryRate([point(0, 0), point(2, 50)], 10), 25);
  assert.equal(meanDeliveryRate([point(0, 7), point(1, 7)]), 0);
});

test('the report holds the ceilings, the figures and a chart per plot', () => {
  const results = { format: BENCH_RESULTS_FORMAT, version: '0.1.0', commit: 'abc',
    startedAt: 's', finishedAt: 'f', note: 'a 2-core machine with other work running',
    machine: { cpus: 2, cpuModel: 'cpu', memoryMb: 1, node: 'v24',
      loadAverage: { start: [1, 2, 3], end: [2, 2, 3] } },
    setup: { workers: 2, connections: 64, apiDatabasePoolMax: 10, toxiproxy: true,
      durationScale: 1, rateScale: 1 },
    ceilings, profiles: [run], figures: benchFigures(ceilings, [run]) } as BenchResults;
  const report = buildReport(results, '0.1.0');
  assert.match(report.markdown, /20000 req\/s/);
  assert.match(report.markdown, /5000 \/ 3000 tx\/s/);
  assert.match(report.markdown, /a 2-core machine with other work running/);
  assert.match(report.markdown, /\| api \| 0.5 \/ 0.7 \| 120 \/ 140 \|/);
  assert.match(report.markdown, /\| idle in transaction:Client:ClientRead \| 30 \| 75 % \|/);
  assert.deepEqual(Object.keys(report.charts).sort(), ['0.1.0-baseline-cpu.svg',
    '0.1.0-baseline-latency.svg', '0.1.0-baseline-memory.svg', '0.1.0-baseline-queues.svg',
    '0.1.0-baseline-rates.svg']);
  for (const svg of Object.values(report.charts)) assert.match(svg, /^<svg[\s\S]*<\/svg>\n$/);
  assert.deepEqual([0.3, 1, 1.2, 2.1, 4, 7, 2400].map(roundUp), [0.5, 1, 2, 2.5, 5, 10, 2500]);
});

test('Postgres activity samples add up per activity, most first', () => {
  assert.deepEqual(Object.entries(sumActivity([
    { 'active:running': 2, 'idle:Client:ClientRead': 5 },
    { 'active:Lock:transactionid': 3, 'active:running': 4 },
    {},
  ])), [['active:running', 6], ['idle:Client:ClientRead', 5], ['active:Lock:transactionid', 3]]);
});

test('runs compare only when workers, connections, Toxiproxy and scales match', () => {
  const setup = { workers: 2, connections: 64, toxiproxy: false, durationScale: 1, rateScale: 1 };
  assert.deepEqual(setupDifferences(setup, { ...setup }), []);
  assert.deepEqual(setupDifferences(setup, { ...setup, durationScale: 0.1, toxiproxy: true }),
    ['toxiproxy: false → true', 'durationScale: 1 → 0.1']);
});
