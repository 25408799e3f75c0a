import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  TEST_SECRET_ENCRYPTION_KEYS, testKeyring,
} from '@harborhook/lab/testing/test-secret-encryption';
import { uuidv7 } from '@harborhook/shared/ids';
import { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { resealUnderActiveKey } from '@harborhook/shared/secrets/reseal-secrets';
import { sealPlaintextSecrets } from '@harborhook/shared/secrets/seal-plaintext-secrets';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint } from './support/fixtures.ts';

/** Every column of the endpoint's rows, as text: what a database dump would show. */
async function storedText(api: TestApi, endpointId: string): Promise<string> {
  const { rows } = await api.db.query<{ text: string }>(
    `SELECT row_to_json(e)::text AS text FROM endpoints e WHERE id = $1
     UNION ALL
     SELECT row_to_json(s)::text FROM endpoint_secrets s WHERE endpoint_id = $1`, [endpointId]);
  return rows.map((row) => row.text).join('\n');
}

describe('endpoint secrets at rest, read back and rotated', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi({ env: { SECRET_ROTATION_OVERLAP: '1h' } });
    token = await api.token('ops');
  });
  after(async () => { await api.close(); });

  test('the database holds no plaintext secret after an endpoint is created', async () => {
    const { id, secret } = await createEndpoint(api, token);
    assert.match(secret, /^whsec_/);
    const text = await storedText(api, id);
    assert.ok(text.includes(id) && text.includes('"key_id":"test-1"'), text);
    const keyBase64 = secret.slice('whsec_'.length);
    for (const needle of [secret, keyBase64, Buffer.from(keyBase64, 'base64').toString('hex'),
      Buffer.from(secret).toString('hex')]) {
      assert.ok(!text.includes(needle), 'a form of the secret is stored readable');
    }
  });

  test('reading the secret back needs the endpoints:secrets scope', async () => {
    const { id, secret } = await createEndpoint(api, token);
    const manageOnly = await api.token('ops', ['endpoints:manage']);
    const refused = await api.request('GET', `/v1/endpoints/${id}/secret`, { token: manageOnly });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'WHK_ERR_AUTH_SCOPE_MISSING');
    const rotate = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`,
      { token: manageOnly });
    assert.equal(rotate.status, 403);
    const reader = await api.token('ops', ['endpoints:secrets']);
    const res = await api.request('GET', `/v1/endpoints/${id}/secret`, { token: reader });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.data.length, 1);
    assert.equal(res.json.data[0].secret, secret);
    assert.equal(res.json.data[0].scheme, 'hmac-sha256');
    assert.equal(res.json.data[0].expiresAt, null);
  });

  test('another tenant can neither read nor rotate the secret (404)', async () => {
    const { id, secret } = await createEndpoint(api, token);
    const other = await api.token('someone-else');
    const read = await api.request('GET', `/v1/endpoints/${id}/secret`, { token: other });
    assert.equal(read.status, 404);
    assert.equal(read.json.code, 'WHK_ERR_RESOURCE_NOT_FOUND');
    const rotate = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`,
      { token: other, body: { overlapSeconds: 0 } });
    assert.equal(rotate.status, 404);
    assert.ok(!read.text.includes(secret) && !rotate.text.includes(secret));
    const mine = await api.request('GET', `/v1/endpoints/${id}/secret`, { token });
    assert.deepEqual(mine.json.data.map((key: { secret: string }) => key.secret), [secret]);
    const unknown = await api.request('GET', `/v1/endpoints/${uuidv7()}/secret`, { token });
    assert.equal(unknown.status, 404);
  });

  test('a rotation signs with the new secret and keeps the old one for the overlap', async () => {
    const { id, secret: first } = await createEndpoint(api, token);
    const res = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`, { token });
    assert.equal(res.status, 200, res.text);
    const second = res.json.key.secret as string;
    assert.match(second, /^whsec_/);
    assert.notEqual(second, first);
    const keys = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
    assert.deepEqual(keys.map((key: { secret: string }) => key.secret), [second, first]);
    assert.equal(keys[0].expiresAt, null);
    assert.equal(keys[1].expiresAt, res.json.previousExpiresAt);
    assert.ok(Date.parse(res.json.previousExpiresAt) > Date.parse(keys[1].createdAt));
    assert.ok(!(await storedText(api, id)).includes(second));

    const now = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`,
      { token, body: { overlapSeconds: 0 } });
    assert.equal(now.status, 200, now.text);
    const after = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
    assert.deepEqual(after.map((key: { secret: string }) => key.secret), [now.json.key.secret]);
  });

  test('rotations beyond five current keys retire the oldest at once: a delivery carries at '
    + 'most five signatures', async () => {
    const { id, secret: first } = await createEndpoint(api, token);
    const made: string[] = [first];
    for (let i = 0; i < 7; i += 1) {
      const res = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`,
        { token, body: { overlapSeconds: 30 * 86_400 } });
      assert.equal(res.status, 200, res.text);
      made.push(res.json.key.secret as string);
    }
    const keys = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
    assert.deepEqual(keys.map((key: { secret: string }) => key.secret),
      made.slice(-5).reverse(), 'the newest five, newest first');
  });

  test('a rotation refuses a bad overlap and writes nothing', async () => {
    const { id, secret } = await createEndpoint(api, token);
    for (const body of [{ overlapSeconds: -1 }, { overlapSeconds: 1.5 },
      { overlapSeconds: 30 * 86_400 + 1 }, { overlap: 5 }, []]) {
      const res = await api.request('POST', `/v1/endpoints/${id}/secret/rotate`,
        { token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    const keys = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
    assert.deepEqual(keys.map((key: { secret: string }) => key.secret), [secret]);
  });

  test('an ed25519 endpoint shows its public key, never its private key', async () => {
    const res = await api.request('POST', '/v1/endpoints', { token, body: {
      url: 'http://127.0.0.1:9/hook', eventTypes: ['*'], signatureScheme: 'ed25519' } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.signatureScheme, 'ed25519');
    assert.equal(res.json.secret, undefined);
    assert.equal(Buffer.from(res.json.publicKey, 'base64').length, 32);
    const keys = (await api.request('GET', `/v1/endpoints/${res.json.id}/secret`, { token }))
      .json.data;
    assert.deepEqual(keys.map((key: { scheme: string; publicKey: string; secret?: string }) =>
      [key.scheme, key.publicKey, key.secret]), [['ed25519', res.json.publicKey, undefined]]);
    const rotated = await api.request('POST', `/v1/endpoints/${res.json.id}/secret/rotate`,
      { token, body: { overlapSeconds: 60 } });
    assert.equal(rotated.status, 200, rotated.text);
    assert.equal(rotated.json.key.scheme, 'ed25519');
    assert.equal(rotated.json.key.secret, undefined);
    assert.notEqual(rotated.json.key.publicKey, res.json.publicKey);
    const bad = await api.request('POST', '/v1/endpoints', { token, body: {
      url: 'http://127.0.0.1:9/hook', eventTypes: ['*'], signatureScheme: 'rsa' } });
    assert.equal(bad.status, 400);
  });

  test('a PATCH that changes signatureScheme rotates to a key of the new scheme', async () => {
    const { id, secret } = await createEndpoint(api, token);
    const manageOnly = await api.token('ops', ['endpoints:manage']);
    const refused = await api.request('PATCH', `/v1/endpoints/${id}`,
      { token: manageOnly, body: { signatureScheme: 'ed25519', description: 'no' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'WHK_ERR_AUTH_SCOPE_MISSING');
    const same = await api.request('PATCH', `/v1/endpoints/${id}`,
      { token, body: { signatureScheme: 'hmac-sha256', description: 'same' } });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.json.secret, undefined);
    assert.equal(same.json.description, 'same');
    const changed = await api.request('PATCH', `/v1/endpoints/${id}`,
      { token, body: { signatureScheme: 'ed25519' } });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.json.signatureScheme, 'ed25519');
    assert.equal(changed.json.secret, undefined);
    assert.equal(Buffer.from(changed.json.publicKey, 'base64').length, 32);
    const keys = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
    assert.deepEqual(keys.map((key: { scheme: string; publicKey?: string; secret?: string }) =>
      [key.scheme, key.publicKey ?? key.secret]),
    [['ed25519', changed.json.publicKey], ['hmac-sha256', secret]]);
    assert.notEqual(keys[1].expiresAt, null);
    const read = await api.request('GET', `/v1/endpoints/${id}`, { token });
    assert.equal(read.json.signatureScheme, 'ed25519');
    assert.equal(read.json.publicKey, undefined);
  });

  test('secrets stored in plaintext before encryption are sealed by the start-up step',
    async () => {
      const id = uuidv7();
      const legacy = 'whsec_bGVnYWN5LXNlY3JldC1ieXRlcy1mb3ItdGVzdGluZy4uLg==';
      await api.db.query(`INSERT INTO endpoints (id, tenant_id, url, event_types, secret)
        VALUES ($1, 'ops', 'http://127.0.0.1:9/hook', '{*}', $2)`, [id, legacy]);
      assert.ok(await sealPlaintextSecrets(api.db, testKeyring()) >= 1);
      assert.ok(!(await storedText(api, id)).includes(legacy));
      const keys = (await api.request('GET', `/v1/endpoints/${id}/secret`, { token })).json.data;
      assert.deepEqual(keys.map((key: { secret: string }) => key.secret), [legacy]);
      assert.equal(await sealPlaintextSecrets(api.db, testKeyring()), 0);
    });

  test('after the encryption key is rotated, stored secrets are re-encrypted under the new kid',
    async () => {
      const { id, secret } = await createEndpoint(api, token);
      const [oldKid, oldKey] = TEST_SECRET_ENCRYPTION_KEYS.split(':') as [string, string];
      const rotated = new SecretKeyring({ keys: { [oldKid]: oldKey,
        next: randomBytes(32).toString('base64') }, activeKeyId: 'next' });
      // A row under a kid nobody configures any more is left alone, not an error.
      const stray = await createEndpoint(api, token);
      await api.db.query(`UPDATE endpoint_secrets SET key_id = 'gone' WHERE endpoint_id = $1`,
        [stray.id]);
      assert.ok(await resealUnderActiveKey(api.db, rotated) >= 1);
      const { rows } = await api.db.query<{ key_id: string; nonce: Buffer; ciphertext: Buffer }>(
        'SELECT key_id, nonce, ciphertext FROM endpoint_secrets WHERE endpoint_id = $1', [id]);
      assert.equal(rows[0]?.key_id, 'next');
      const row = rows[0] as { key_id: string; nonce: Buffer; ciphertext: Buffer };
      assert.equal(rotated.open({ keyId: row.key_id, nonce: row.nonce,
        ciphertext: row.ciphertext }, id), secret);
      const strayRows = await api.db.query<{ key_id: string }>(
        'SELECT key_id FROM endpoint_secrets WHERE endpoint_id = $1', [stray.id]);
      assert.equal(strayRows.rows[0]?.key_id, 'gone');
      assert.equal(await resealUnderActiveKey(api.db, rotated), 0);
    });
});
