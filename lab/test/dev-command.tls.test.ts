import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Agent } from 'undici';
import { Receiver } from '../src/receivers/receiver.ts';
import { clientTlsOptions } from '../src/platform/tls-backends.ts';
import { devCertificatePaths } from '../src/tls/dev-certificates.ts';
import { startDevCommand } from './dev-support.ts';

test('dev --tls runs every link over TLS and the printed steps deliver an event', async (t) => {
  let operator: Agent | undefined;
  const receiver = await Receiver.start();
  t.after(async () => {
    await operator?.close();
    await receiver.close();
  });
  const dev = await startDevCommand(t, { args: ['--tls'] });
  const { api, stateDir } = dev;
  const output = dev.output();
  assert.match(output, new RegExp(`api\\s+${api}`));
  assert.match(output, /nsqd\s+tcp \S+, https \S+ \(TLS required\)/);
  assert.match(output, /HARBORHOOK_TLS_CERT_FILE=\S+client-operator\.crt/);
  // The dev command made the certificates in its state directory.
  const certs = devCertificatePaths(join(stateDir, 'certs'));
  operator = new Agent({ connect: clientTlsOptions(certs, 'operator') });
  const caOnly = new Agent({ connect: { ca: clientTlsOptions(certs, 'operator').ca } });
  await assert.rejects(fetch(`${api}/healthz`, { dispatcher: caOnly } as RequestInit),
    'no answer without a client certificate');
  await caOnly.close();

  const auth = { authorization: `Bearer ${await dev.token('acme')}`,
    'content-type': 'application/json' };
  const created = await fetch(`${api}/v1/endpoints`, { method: 'POST', headers: auth,
    body: JSON.stringify({ url: receiver.url('/webhooks'), eventTypes: ['order.*'] }),
    dispatcher: operator } as RequestInit);
  assert.equal(created.status, 201, await created.clone().text());
  const published = await fetch(`${api}/v1/events`, { method: 'POST',
    headers: { ...auth, 'harborhook-event-type': 'order.created' }, body: '{"orderId":42}',
    dispatcher: operator } as RequestInit);
  assert.equal(published.status, 202);

  const [delivered] = await receiver.waitForRequests(1);
  assert.equal(delivered?.body.toString('utf8'), '{"orderId":42}');
  dev.process.kill('SIGINT');
  assert.equal(await dev.exited, 0);
});
