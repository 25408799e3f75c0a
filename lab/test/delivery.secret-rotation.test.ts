import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver, type RecordedRequest } from '../src/receivers/receiver.ts';
import { assertSigned, createEndpoint, publish } from './support.ts';

function signatureEntries(request: RecordedRequest): string[] {
  return (request.headers['webhook-signature'] ?? '').split(' ');
}

test('during a rotation overlap both secrets verify a delivery; after it only the new one',
  async () => {
    await using platform = await startPlatform();
    const receiver = await Receiver.start();
    try {
      const token = await platform.token('acme');
      const endpoint = await createEndpoint(platform, token, receiver.url('/hooks'));
      const rotated = await platform.request(token, 'POST',
        `/v1/endpoints/${endpoint.id}/secret/rotate`, { overlapSeconds: 3600 });
      assert.equal(rotated.status, 200, rotated.text);
      const newSecret = (rotated.json as { key: { secret: string } }).key.secret;

      await publish(platform, token, 'order.created', '{"during":"overlap"}');
      const [during] = await receiver.waitForRequests(1);
      assert.ok(during !== undefined);
      assert.equal(signatureEntries(during).length, 2);
      assertSigned(during, endpoint.secret);
      assertSigned(during, newSecret);

      // The overlap ends: what a clock an hour later would see, without waiting an hour.
      await platform.pool.query(`UPDATE endpoint_secrets SET expires_at = now()
        WHERE endpoint_id = $1 AND expires_at IS NOT NULL`, [endpoint.id]);
      await publish(platform, token, 'order.created', '{"after":"overlap"}');
      const after = (await receiver.waitForRequests(2))[1];
      assert.ok(after !== undefined);
      assert.equal(after.body.toString('utf8'), '{"after":"overlap"}');
      assert.equal(signatureEntries(after).length, 1);
      assertSigned(after, newSecret);
      assert.throws(() => assertSigned(after, endpoint.secret));
      assert.throws(() => new Webhook(endpoint.secret).verify(after.body.toString('utf8'), {
        'webhook-id': after.headers['webhook-id'] ?? '',
        'webhook-timestamp': after.headers['webhook-timestamp'] ?? '',
        'webhook-signature': after.headers['webhook-signature'] ?? '',
      }));
    } finally {
      await receiver.close();
    }
  });

test('an ed25519 endpoint gets a v1a signature its public key verifies', async () => {
  await using platform = await startPlatform();
  const receiver = await Receiver.start();
  try {
    const token = await platform.token('acme');
    const created = await platform.request(token, 'POST', '/v1/endpoints', {
      url: receiver.url('/hooks'), eventTypes: ['*'], signatureScheme: 'ed25519' });
    assert.equal(created.status, 201, created.text);
    const publicKeyBase64 = (created.json as { publicKey: string }).publicKey;
    const body = '{ "signed" : "with ed25519" }\n';
    const event = await publish(platform, token, 'order.created', body);
    const [request] = await receiver.waitForRequests(1);
    assert.ok(request !== undefined);
    assert.equal(request.body.toString('utf8'), body);
    const [entry, ...others] = signatureEntries(request);
    assert.deepEqual(others, []);
    assert.match(entry ?? '', /^v1a,/);
    const publicKey = createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519',
      x: Buffer.from(publicKeyBase64, 'base64').toString('base64url') } });
    const signed = Buffer.concat([Buffer.from(`${event.id}.`
      + `${request.headers['webhook-timestamp'] ?? ''}.`), request.body]);
    const signature = Buffer.from((entry ?? '').slice('v1a,'.length), 'base64');
    assert.equal(request.headers['webhook-id'], event.id);
    assert.equal(verify(null, signed, publicKey, signature), true);
  } finally {
    await receiver.close();
  }
});
