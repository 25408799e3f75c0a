import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '@harborhook/lab/env/free-port';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { TcpGate } from '@harborhook/lab/testing/tcp-gate';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

async function readiness(metricsUrl: string): Promise<number> {
  return (await fetch(`${metricsUrl}/readyz`)).status;
}

describe('worker readiness', () => {
  it('is not ready while nsqd is down, and ready again once it has reconnected', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const { worker, log } = await bed.startWorker({ NSQ_RECONNECT_INTERVAL: '1s' });
    await waitFor(async () => await readiness(worker.metricsUrl) === 200, { what: 'ready' });

    await bed.nsqd.stop();
    await waitFor(async () => await readiness(worker.metricsUrl) === 503,
      { what: 'not ready without a connection to nsqd' });
    assert.equal((await fetch(`${worker.metricsUrl}/healthz`)).status, 200, 'alive all the same');

    await bed.nsqd.resume();
    await waitFor(async () => await readiness(worker.metricsUrl) === 200,
      { what: 'ready again after reconnecting' });
    assert.ok(log.lines.filter((l) => l.msg === 'connected to nsqd').length >= 2,
      'it reconnected');
  });

  it('is not ready while Postgres does not answer, although connected to nsqd', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    // Nothing listens on this loopback port: every database connection is refused.
    const databasePort = await freePort();
    const { worker, log } = await bed.startWorker({
      DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${databasePort}/none` });
    await waitFor(() => log.lines.some((l) => l.msg === 'connected to nsqd'),
      { what: 'the reader to subscribe' });
    assert.equal(await readiness(worker.metricsUrl), 503);
  });

  it('is not ready while its connection to nsqd is open but the handshake never completes',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const [host = '', port = ''] = bed.nsqd.tcpAddress.split(':');
      const gate = await TcpGate.open({ host, port: Number(port) });
      t.after(() => gate.dispose());
      // nsqd accepts the TCP connection (through the gate) and never answers IDENTIFY.
      gate.close();
      const { worker } = await bed.startWorker({ NSQD_TCP_ADDRESS: `127.0.0.1:${gate.port}` });
      await waitFor(() => gate.heldConnections > 0, { what: 'the reader to connect' });
      assert.equal(await readiness(worker.metricsUrl), 503, 'connected is not subscribed');

      gate.reopen();
      await waitFor(async () => await readiness(worker.metricsUrl) === 200,
        { what: 'ready once subscribed through the reopened gate', timeoutMs: 20_000 });
    });
});
