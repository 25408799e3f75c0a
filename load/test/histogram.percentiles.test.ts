import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LatencyHistogram } from '../src/metrics/latency-histogram.ts';
import { formatProgress } from '../src/progress/progress-line.ts';

test('percentiles come from the HDR histogram in ms, capped at the largest value', () => {
  const histogram = new LatencyHistogram();
  for (let ms = 1; ms <= 1000; ms += 1) histogram.recordMs(ms);
  const summary = histogram.summary();
  assert.equal(summary.count, 1000);
  assert.ok(Math.abs(summary.p50 - 500) <= 0.5 && Math.abs(summary.p99 - 990) <= 1);
  assert.equal(summary.max, 1000);
  assert.ok(summary.p99 <= summary['p99.9'] && summary['p99.9'] <= summary.max);

  // A stall of ten minutes is recorded as such, not clipped.
  const stalls = new LatencyHistogram();
  stalls.recordMs(0.2);
  stalls.recordMs(600_000);
  stalls.add(histogram);
  assert.equal(stalls.count, 1002);
  assert.ok(Math.abs(stalls.summary().max - 600_000) / 600_000 < 0.001);
  assert.deepEqual(new LatencyHistogram().summary(),
    { count: 0, p50: 0, p90: 0, p95: 0, p99: 0, 'p99.9': 0, max: 0 });
});

test('the progress line shows elapsed, target, achieved, outstanding, errors, drops, p99', () => {
  const line = formatProgress('smoke', { elapsedMs: 12_400, targetRate: 100, accepted: 1000,
    outstanding: 3, errors: 1, dropped: 2, publishP99Ms: 4.25 }, 98.4);
  assert.equal(line, 'load smoke     12s  target 100/s  achieved 98/s  outstanding 3  errors 1'
    + '  dropped 2  p99 4.3 ms');
});
