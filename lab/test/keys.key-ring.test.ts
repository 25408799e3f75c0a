import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, exportPKCS8 } from 'jose';
import {
  addKey, createKeyRing, KeyRingError, promoteKey, readKeyRing, readPublishedJwks, retireKey,
} from '../src/auth/key-ring.ts';
import { createDevSigner, loadDevSigner, mintToken } from '../src/auth/dev-keys.ts';
import { generateSigningKey } from '../src/auth/signing-key.ts';

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'harborhook-keys-'));
  try {
    await body(join(dir, 'keys'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kidsOf = async (dir: string): Promise<string[]> =>
  (await readPublishedJwks(dir)).keys.map((key) => key.kid ?? '');

test('a rotation publishes, switches and retires keys, and keeps private keys 0600', async () => {
  await withDir(async (dir) => {
    const first = await generateSigningKey('RS256');
    await createKeyRing(dir, first);
    const second = await addKey(dir, 'ES256');
    assert.deepEqual(await kidsOf(dir), [first.kid, second.kid]);
    assert.equal((await loadDevSigner(dir)).kid, first.kid, 'an added key does not sign yet');

    assert.equal((await promoteKey(dir, second.kid))?.kid, first.kid);
    const signer = await loadDevSigner(dir);
    assert.deepEqual(decodeProtectedHeader(await mintToken(signer, { tenant: 'acme' })),
      { alg: 'ES256', kid: second.kid });
    await assert.rejects(retireKey(dir, second.kid), KeyRingError, 'the current key stays');

    await retireKey(dir, first.kid);
    assert.deepEqual(await kidsOf(dir), [second.kid]);
    assert.deepEqual((await readKeyRing(dir))?.map((key) => key.state), ['retired', 'current']);
    await assert.rejects(stat(join(dir, 'private', `${first.kid}.pem`)));
    await assert.rejects(promoteKey(dir, first.kid), KeyRingError, 'a retired key cannot sign');
    const keyFile = await stat(join(dir, 'private', `${second.kid}.pem`));
    assert.equal(keyFile.mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'private'))).mode & 0o777, 0o700);
    assert.doesNotMatch(await readFile(join(dir, 'jwks.json'), 'utf8'), /"d"/);
    assert.doesNotMatch(await readFile(join(dir, 'keyring.json'), 'utf8'), /"d"|PRIVATE/);
  });
});

test('promoting the previous key back rolls a promotion back', async () => {
  await withDir(async (dir) => {
    const first = await generateSigningKey('ES256');
    await createKeyRing(dir, first);
    const second = await addKey(dir, 'RS256');
    await promoteKey(dir, second.kid);
    await promoteKey(dir, first.kid);
    assert.equal((await loadDevSigner(dir)).kid, first.kid);
    assert.deepEqual(await kidsOf(dir), [first.kid, second.kid]);
  });
});

test('a state directory from before rotation (one signing-key.pem) is taken over', async () => {
  await withDir(async (dir) => {
    const old = await createDevSigner();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'signing-key.pem'), await exportPKCS8(old.privateKey));
    await writeFile(join(dir, 'kid'), old.kid);
    await writeFile(join(dir, 'jwks.json'), JSON.stringify(old.jwks));
    const signer = await loadDevSigner(dir);
    assert.equal(signer.kid, old.kid);
    assert.equal(signer.alg, 'RS256');
    await assert.rejects(stat(join(dir, 'signing-key.pem')));
    assert.equal((await stat(join(dir, 'private', `${old.kid}.pem`))).mode & 0o777, 0o600);
  });
});
