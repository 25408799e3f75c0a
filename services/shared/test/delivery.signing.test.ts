import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { generateEndpointSecret, secretKeyBytes, webhookHeaders } from '../src/delivery/signing.ts';

test('signatures verify with the Standard Webhooks library on the exact bytes', () => {
  const secret = generateEndpointSecret();
  const body = Buffer.from('{"z": 1,  "a":"\\u00e9", "big": 12345678901234567890123}\n');
  const headers = webhookHeaders({ secret, webhookId: 'evt_1', timestamp: Math.floor(
    Date.now() / 1000), body });
  assert.match(headers['webhook-signature'] ?? '', /^v1,[A-Za-z0-9+/]+=*$/);
  const verified = new Webhook(secret).verify(body.toString('utf8'), headers);
  assert.deepEqual(verified, JSON.parse(body.toString('utf8')));
});

test('a signature does not verify for other bytes, another id or another secret', () => {
  const secret = generateEndpointSecret();
  const body = Buffer.from('{"a":1}');
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders({ secret, webhookId: 'evt_1', timestamp, body });
  assert.throws(() => new Webhook(secret).verify('{"a": 1}', headers));
  assert.throws(() => new Webhook(secret).verify('{"a":1}', { ...headers, 'webhook-id': 'x' }));
  assert.throws(() => new Webhook(generateEndpointSecret()).verify('{"a":1}', headers));
});

test('generated secrets carry 32 random bytes behind the whsec_ prefix', () => {
  const secret = generateEndpointSecret();
  assert.ok(secret.startsWith('whsec_'));
  assert.equal(secretKeyBytes(secret).length, 32);
  assert.notEqual(generateEndpointSecret(), secret);
});
