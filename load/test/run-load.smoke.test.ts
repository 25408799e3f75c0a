import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startPlatform } from '@harborhook/lab/platform/platform';
import type { LoadResults } from '../src/results/load-results.ts';
import { readProfile } from '../src/profile/read-profile.ts';
import { scaleProfile } from '../src/profile/scale-profile.ts';
import { LOAD_SCOPES, runLoad } from '../src/run-load.ts';

test('a short smoke run against a real platform: every delivery arrives once, nothing is lost, '
  + 'and the results file has the figures', async () => {
  await using platform = await startPlatform();
  const dir = await mkdtemp(join(tmpdir(), 'load-smoke-'));
  try {
    const profile = scaleProfile(await readProfile('smoke'), { duration: 0.2 });
    const outFile = join(dir, 'results.json');
    const results = await runLoad({
      apiUrl: platform.apiUrl,
      mintToken: async (tenant) => await platform.token(tenant, LOAD_SCOPES),
      profile,
      outFile,
      receiverServers: 2,
      progress: false,
    });

    const { total } = results;
    assert.equal(total.scheduled, total.sent + total.dropped);
    assert.ok(total.accepted > 0);
    assert.deepEqual(total.errorsByStatus, {}, 'every publish was accepted');
    assert.equal(total.accepted, total.sent);
    assert.equal(total.publishLatencyMs.count, total.sent);
    const { deliveries } = total;
    assert.ok(deliveries.expected >= total.accepted, 'smoke events fan out to 1 or 2 endpoints');
    assert.equal(deliveries.received, deliveries.expected);
    assert.equal(deliveries.loss, 0);
    assert.equal(deliveries.duplicates, 0);
    assert.equal(deliveries.unexpected, 0);
    assert.equal(deliveries.fanOutMismatches, 0);
    assert.ok(total.drained);
    assert.equal(total.e2eLatencyMs.count, deliveries.expected);
    assert.ok(total.e2eLatencyMs.p50 > 0 && total.e2eLatencyMs.max >= total.e2eLatencyMs.p99);
    assert.deepEqual(total.verdicts.find((v) => v.threshold === 'maxLoss'),
      { threshold: 'maxLoss', limit: 0, actual: 0, ok: true });
    assert.equal(results.stages.length, profile.stages.length);
    assert.equal(results.stages.reduce((sum, stage) => sum + stage.sent, 0), total.sent);
    assert.deepEqual(results.setup.behaviours, { succeed: 4, 'fail-fraction': 1, slow: 1 });

    const written = JSON.parse(await readFile(outFile, 'utf8')) as LoadResults;
    assert.equal(written.format, 'harborhook-load-results/1');
    assert.deepEqual(written.total.deliveries, deliveries);
    assert.deepEqual(written.total.publishLatencyMs, total.publishLatencyMs);

    // The run cleaned up after itself: its tenants have no endpoints left.
    const token = await platform.token(`load-smoke-a-${results.runId}`);
    const list = await platform.request(token, 'GET', '/v1/endpoints');
    assert.deepEqual((list.json as { data: unknown[] }).data, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
