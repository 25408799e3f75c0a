import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '@harborhook/lab/env/free-port';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { readRelayConfig } from '../src/config.ts';
import { startRelay } from '../src/relay.ts';

describe('relay without a database', () => {
  it('keeps running, logs and backs off while the database is unreachable', async () => {
    // Nothing listens on this loopback port: every connection is refused.
    const port = await freePort();
    const log = capturingLogger('relay');
    const relay = await startRelay(readRelayConfig({
      DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${port}/none`,
      NSQD_HTTP_ADDRESS: `127.0.0.1:${port}`, NSQD_TCP_ADDRESS: `127.0.0.1:${port}`,
      RELAY_HOUSEKEEPING_INTERVAL: '50ms', METRICS_PORT: '0',
    }), { logger: log.logger });

    const failures = await waitFor(() => {
      const lines = log.lines.filter((l) => l.msg.startsWith('publishing due deliveries failed'));
      return lines.length >= 4 && lines;
    });
    assert.ok(failures.every((l) => (l.err as { code?: string }).code === 'ECONNREFUSED'),
      'the database connection is what fails');
    const waits = failures.map((l) => Number(l.retryInMs));
    assert.ok((waits.at(-1) ?? 0) > (waits[0] ?? 0), `backoff grows: ${waits.join(', ')}`);
    await waitFor(() => log.lines.some((l) => l.msg.startsWith('housekeeping failed')));
    // Alive but not ready: an orchestrator should stop routing, not restart it.
    assert.equal((await fetch(`${relay.metricsUrl}/healthz`)).status, 200);
    assert.equal((await fetch(`${relay.metricsUrl}/readyz`)).status, 503);
    await relay.stop();
    assert.ok(!log.text().includes('nothing'), 'the database password is never logged');
  });
});
