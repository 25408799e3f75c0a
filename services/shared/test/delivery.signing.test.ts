import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { createPublicKey, verify } from 'node:crypto';
import { generateEd25519KeyPair } from '../src/delivery/ed25519-keys.ts';
import {
  generateEndpointSecret, prepareSigningKey, secretKeyBytes, webhookHeaders,
} from '../src/delivery/signing.ts';

test('signatures verify with the Standard Webhooks library on the exact bytes', () => {
  const secret = generateEndpointSecret();
  const body = Buffer.from('{"z": 1,  "a":"\\u00e9", "big": 12345678901234567890123}\n');
  const headers = webhookHeaders({ keys: [{ scheme: 'hmac-sha256', secret }], webhookId: 'evt_1',
    timestamp: Math.floor(Date.now() / 1000), body });
  assert.match(headers['webhook-signature'] ?? '', /^v1,[A-Za-z0-9+/]+=*$/);
  const verified = new Webhook(secret).verify(body.toString('utf8'), headers);
  assert.deepEqual(verified, JSON.parse(body.toString('utf8')));
});

test('a signature does not verify for other bytes, another id or another secret', () => {
  const secret = generateEndpointSecret();
  const body = Buffer.from('{"a":1}');
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders({ keys: [{ scheme: 'hmac-sha256', secret }], webhookId: 'evt_1',
    timestamp, body });
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

test('with two keys the header holds two v1 entries and each secret verifies alone', () => {
  const [oldSecret, newSecret] = [generateEndpointSecret(), generateEndpointSecret()];
  const body = Buffer.from('{"a":1}');
  const headers = webhookHeaders({ keys: [{ scheme: 'hmac-sha256', secret: newSecret },
    { scheme: 'hmac-sha256', secret: oldSecret }], webhookId: 'evt_2',
  timestamp: Math.floor(Date.now() / 1000), body });
  assert.match(headers['webhook-signature'] ?? '', /^v1,\S+ v1,\S+$/);
  for (const secret of [oldSecret, newSecret]) {
    new Webhook(secret).verify(body.toString('utf8'), headers);
  }
  assert.throws(() => new Webhook(generateEndpointSecret()).verify('{"a":1}', headers));
});

test('an Ed25519 key signs id.timestamp.body as a v1a entry the public key verifies', () => {
  const pair = generateEd25519KeyPair();
  const body = Buffer.from('{"b": 2}\n');
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = webhookHeaders({ keys: [{ scheme: 'ed25519', secret: pair.privateKey }],
    webhookId: 'evt_3', timestamp, body });
  const entry = headers['webhook-signature'] ?? '';
  assert.match(entry, /^v1a,[A-Za-z0-9+/]+=*$/);
  const publicKey = createPublicKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519',
    x: Buffer.from(pair.publicKey, 'base64').toString('base64url') } });
  const signature = Buffer.from(entry.slice('v1a,'.length), 'base64');
  const signed = Buffer.concat([Buffer.from(`evt_3.${timestamp}.`), body]);
  assert.equal(verify(null, signed, publicKey, signature), true);
  assert.equal(verify(null, Buffer.from('other'), publicKey, signature), false);
  assert.equal(Buffer.from(pair.publicKey, 'base64').length, 32);
});

test('a prepared key signs exactly as its secret does, for both schemes', () => {
  const hmacSecret = generateEndpointSecret();
  const ed25519Secret = generateEd25519KeyPair().privateKey;
  const content = { webhookId: 'evt_4', timestamp: Math.floor(Date.now() / 1000),
    body: Buffer.from('{"c": [1, 2]}') };
  const plain = webhookHeaders({ ...content, keys: [
    { scheme: 'hmac-sha256', secret: hmacSecret }, { scheme: 'ed25519', secret: ed25519Secret }] });
  const hmacKey = prepareSigningKey('hmac-sha256', hmacSecret);
  const edKey = prepareSigningKey('ed25519', ed25519Secret);
  assert.equal(hmacKey.prepared?.type, 'secret');
  assert.equal(edKey.prepared?.type, 'private');
  const prepared = webhookHeaders({ ...content, keys: [hmacKey, edKey] });
  assert.equal(prepared['webhook-signature'], plain['webhook-signature']);
  new Webhook(hmacSecret).verify(content.body.toString('utf8'), prepared);
});

test('no key means no headers: a webhook is never sent unsigned', () => {
  assert.throws(() => webhookHeaders({ keys: [], webhookId: 'e', timestamp: 1,
    body: Buffer.from('{}') }), /never sent unsigned/);
});
