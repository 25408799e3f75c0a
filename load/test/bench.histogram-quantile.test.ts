import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketDelta, histogramBuckets, histogramQuantile }
  from '../src/bench/histogram-quantile.ts';

const EXPOSITION = `# HELP harborhook_publish_duration_seconds x
# TYPE harborhook_publish_duration_seconds histogram
harborhook_publish_duration_seconds_bucket{le="0.005",service="api",outcome="accepted"} 40
harborhook_publish_duration_seconds_bucket{le="0.01",service="api",outcome="accepted"} 80
harborhook_publish_duration_seconds_bucket{le="0.025",service="api",outcome="accepted"} 98
harborhook_publish_duration_seconds_bucket{le="+Inf",service="api",outcome="accepted"} 100
harborhook_publish_duration_seconds_bucket{le="0.005",service="api",outcome="rejected"} 7
harborhook_publish_duration_seconds_bucket{le="0.01",service="api",outcome="rejected"} 7
harborhook_publish_duration_seconds_bucket{le="0.025",service="api",outcome="rejected"} 7
harborhook_publish_duration_seconds_bucket{le="+Inf",service="api",outcome="rejected"} 7
harborhook_publish_duration_seconds_count{service="api",outcome="accepted"} 100
`;

test('buckets are read per label set and sorted with +Inf last', () => {
  assert.deepEqual(histogramBuckets(EXPOSITION, 'harborhook_publish_duration_seconds',
    { outcome: 'accepted' }).map((b) => [b.le, b.count]),
  [[0.005, 40], [0.01, 80], [0.025, 98], [Infinity, 100]]);
  assert.equal(histogramBuckets(EXPOSITION, 'harborhook_publish_duration_seconds')[0]?.count, 47);
  assert.deepEqual(histogramBuckets(EXPOSITION, 'other_seconds'), []);
});

test('a quantile is interpolated inside its bucket, as histogram_quantile does', () => {
  const buckets = histogramBuckets(EXPOSITION, 'harborhook_publish_duration_seconds',
    { outcome: 'accepted' });
  assert.equal(histogramQuantile(0.2, buckets), 0.0025);
  assert.ok(Math.abs((histogramQuantile(0.9, buckets) ?? 0) - (0.01 + 0.015 * (10 / 18))) < 1e-12);
  // In the +Inf bucket: the highest finite bound, not a made-up value.
  assert.equal(histogramQuantile(0.99, buckets), 0.025);
  assert.equal(histogramQuantile(0.5, []), undefined);
});

test('the delta of two scrapes holds only what happened between them', () => {
  const before = [{ le: 0.01, count: 10 }, { le: Infinity, count: 10 }];
  const after = [{ le: 0.01, count: 10 }, { le: Infinity, count: 30 }];
  const delta = bucketDelta(before, after);
  assert.deepEqual(delta.map((b) => b.count), [0, 20]);
  assert.equal(histogramQuantile(0.5, delta), 0.01);
});
