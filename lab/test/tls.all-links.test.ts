import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import pg from 'pg';
import { startPlatform, type Platform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { waitFor } from '../src/env/wait-for.ts';
import type { DevCertificates } from '../src/tls/dev-certificates.ts';
import { assertSigned, createEndpoint, publish } from './support.ts';

function certificatesOf(platform: Platform): DevCertificates {
  const certs = platform.certificates;
  assert.ok(certs !== undefined, 'a TLS platform has certificates');
  return certs;
}

test('with TLS and client certificates on every link, a published event is delivered',
  async () => {
    await using platform = await startPlatform({ tls: true });
    const receiver = await Receiver.start();
    try {
      assert.match(platform.apiUrl, /^https:\/\//);
      const token = await platform.token('acme');
      const endpoint = await createEndpoint(platform, token, receiver.url('/hooks'), ['order.*']);
      const event = await publish(platform, token, 'order.created', '{"orderId":42}');
      assert.equal(event.deliveryCount, 1);

      const [delivered] = await receiver.waitForRequests(1);
      assert.ok(delivered !== undefined);
      assert.equal(delivered.body.toString('utf8'), '{"orderId":42}');
      assertSigned(delivered, endpoint.secret);
      await waitFor(async () => {
        const response = await platform.request(token, 'GET', `/v1/events/${event.id}`);
        const body = response.json as { deliveries: { status: string }[] };
        return body.deliveries[0]?.status === 'delivered';
      }, { what: 'the delivery to be recorded as delivered' });
    } finally {
      await receiver.close();
    }
  });

test('each TLS link refuses a client without a certificate, or without TLS', async () => {
  await using platform = await startPlatform({ tls: true, workers: 0 });
  const certs = certificatesOf(platform);
  const ca = readFileSync(certs.caFile);

  await assertPostgresRefuses(platform.wiring.databaseUrl, ca);
  await assertNsqdRefuses(platform, ca);
  await assertApiRefuses(platform.apiUrl, ca);
});

/** Postgres: verify-full TLS without a client certificate, and plain TCP, are both refused. */
async function assertPostgresRefuses(url: string, ca: Buffer): Promise<void> {
  const withoutCert = new pg.Client({ connectionString: url,
    ssl: { ca, rejectUnauthorized: true } });
  await assert.rejects(withoutCert.connect(), /certificate/i);
  await withoutCert.end().catch(() => undefined);
  const plain = new pg.Client({ connectionString: url, ssl: false });
  await assert.rejects(plain.connect(), /no encryption|pg_hba/);
  await plain.end().catch(() => undefined);
}

/** nsqd: a plain TCP client may not publish, plain HTTP is refused, HTTPS needs a certificate. */
async function assertNsqdRefuses(platform: Platform, ca: Buffer): Promise<void> {
  const answer = await plainTcpPublish(platform.nsqd.tcpAddress);
  assert.match(answer, /E_INVALID.*TLS required/);

  const http = await fetch(`http://${platform.nsqd.httpAddress}/pub?topic=t`,
    { method: 'POST', body: 'x' });
  assert.equal(http.status, 403);
  assert.match(await http.text(), /TLS_REQUIRED/);

  await assert.rejects(httpsStatus(`https://${platform.nsqd.httpsAddress}/ping`, ca));
}

/** api: HTTPS without a client certificate fails the handshake; plain HTTP gets no answer. */
async function assertApiRefuses(apiUrl: string, ca: Buffer): Promise<void> {
  await assert.rejects(httpsStatus(`${apiUrl}/healthz`, ca));
  await assert.rejects(fetch(apiUrl.replace(/^https:/, 'http:') + '/healthz'));
}

/** GET over HTTPS trusting `ca` and presenting no client certificate; resolves the status. */
async function httpsStatus(url: string, ca: Buffer): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, rejectUnauthorized: true }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Speaks nsqd's TCP protocol without TLS: magic, then PUB; returns what nsqd says back. */
async function plainTcpPublish(address: string): Promise<string> {
  const [host, port] = address.split(':');
  const body = Buffer.from('x');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length);
  return await new Promise((resolve, reject) => {
    const socket = connect(Number(port), host ?? '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from('  V2PUB tls_probe\n'), size, body]));
    });
    socket.on('data', (chunk: Buffer) => { received = Buffer.concat([received, chunk]); });
    socket.on('error', reject);
    // The error is fatal: nsqd closes the connection after saying why.
    socket.on('close', () => resolve(received.toString('latin1')));
  });
}
