import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { waitFor } from '../src/env/wait-for.ts';

async function get(url: string): Promise<{ status: number; text: string; type: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text(),
    type: response.headers.get('content-type') ?? '' };
}

test('every service serves Prometheus metrics with its pool gauges, without a token',
  async () => {
    await using platform = await startPlatform();
    const urls = platform.metricsUrls;
    const services = [['api', urls.api], ['relay', urls.relay],
      ['worker', urls.workers[0] ?? '']] as const;
    for (const [service, url] of services) {
      const scrape = await get(url);
      assert.equal(scrape.status, 200, `${service} answers /metrics`);
      assert.match(scrape.type, /^text\/plain; version=0\.0\.4/);
      assert.match(scrape.text, /^# TYPE harborhook_db_pool_connections gauge$/m);
      for (const state of ['total', 'idle', 'waiting']) {
        assert.match(scrape.text, new RegExp(
          `^harborhook_db_pool_connections\\{state="${state}",service="${service}"\\} \\d+$`, 'm'));
      }
      // Process metrics keep prom-client's standard names, told apart by the service label.
      assert.match(scrape.text, new RegExp(
        `^process_cpu_user_seconds_total\\{service="${service}"\\} `, 'm'));
    }
  });

test('the relay and worker answer liveness and readiness on their metrics listener',
  async () => {
    await using platform = await startPlatform();
    const { relay, workers } = platform.metricsUrls;
    for (const metrics of [relay, workers[0] ?? '']) {
      const base = metrics.replace(/\/metrics$/, '');
      assert.deepEqual(JSON.parse((await get(`${base}/healthz`)).text), { status: 'ok' });
      // The worker is ready once its reader has connected to nsqd.
      await waitFor(async () => (await get(`${base}/readyz`)).status === 200,
        { what: `${base}/readyz to answer 200` });
      assert.equal((await get(`${base}/nothing`)).status, 404);
    }
  });
