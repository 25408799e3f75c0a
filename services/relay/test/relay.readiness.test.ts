import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { freePort } from '@harborhook/lab/env/free-port';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { readRelayConfig } from '../src/config.ts';
import { startRelay, type Relay } from '../src/relay.ts';
import { TcpGate } from '@harborhook/lab/testing/tcp-gate';
import { parseSamples, scrape, type Sample } from '@harborhook/lab/testing/scrape';

const BACKLOG_GAUGES = ['harborhook_deliveries_due',
  'harborhook_deliveries_oldest_due_age_seconds'];

/**
 * A relay whose Postgres is behind a gate the test can close. No nsqd at all: readiness and
 * the backlog gauges are about Postgres only, and a relay without nsqd stays up.
 */
async function relayBehindGate(t: TestContext, env: Record<string, string> = {}):
  Promise<{ relay: Relay; gate: TcpGate }> {
  const database = new URL(await createTestDatabase());
  const gate = await TcpGate.open({ host: database.hostname, port: Number(database.port) });
  database.port = String(gate.port);
  const nsqdPort = await freePort();
  const relay = await startRelay(readRelayConfig({ DATABASE_URL: database.toString(),
    NSQD_HTTP_ADDRESS: `127.0.0.1:${nsqdPort}`, NSQD_TCP_ADDRESS: `127.0.0.1:${nsqdPort}`,
    METRICS_PORT: '0', ...env }), { logger: capturingLogger('relay').logger });
  t.after(async () => {
    await relay.stop();
    await gate.dispose();
  });
  return { relay, gate };
}

describe('relay readiness', () => {
  it('is not ready while Postgres stops answering, and ready again once it answers',
    async (t) => {
      const { relay, gate } = await relayBehindGate(t);
      const status = async (path: string) => (await fetch(`${relay.metricsUrl}${path}`)).status;

      await waitFor(async () => await status('/readyz') === 200, { what: 'ready' });
      // Open connections are dropped and new ones hang: the probe must give up, not wait.
      gate.close();
      await waitFor(async () => await status('/readyz') === 503,
        { what: 'not ready while Postgres does not answer' });
      assert.equal(await status('/healthz'), 200, 'alive all the same');
      const body = await (await fetch(`${relay.metricsUrl}/readyz`)).json();
      assert.deepEqual(body, { status: 'not ready' });

      gate.reopen();
      await waitFor(async () => await status('/readyz') === 200,
        { what: 'ready again once Postgres answers' });
    });

  it('leaves the backlog gauges out of a scrape whose read of Postgres hangs, not stale, '
    + 'and answers the scrape all the same', async (t) => {
      // Connecting would wait two minutes: only the read's own limit lets the scrape answer.
      const { relay, gate } = await relayBehindGate(t, { DATABASE_CONNECT_TIMEOUT: '120s' });
      const gaugesIn = (samples: Sample[]) => new Set(samples.map((sample) => sample.name)
        .filter((name) => BACKLOG_GAUGES.includes(name))).size;
      const present = async () => gaugesIn(await scrape(`${relay.metricsUrl}/metrics`));

      assert.equal(await present(), 2);
      gate.close();
      await waitFor(async () => await present() === 0,
        { what: 'the gauges to leave the scrape while Postgres does not answer' });
      // Now the read waits on a connection Postgres never answers; the scrape must not.
      const hung = await fetch(`${relay.metricsUrl}/metrics`,
        { signal: AbortSignal.timeout(10_000) });
      assert.equal(gaugesIn(parseSamples(await hung.text())), 0);
      gate.reopen();
      await waitFor(async () => await present() === 2, { what: 'the gauges back' });
    });
});
