import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify, type JWK, type JWTVerifyGetKey } from 'jose';
import {
  createDevSigner, DEV_AUDIENCE, DEV_ISSUER, mintToken, type DevSigner,
} from '@harborhook/lab/auth/dev-keys';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { loadKeySet } from '../src/auth/key-set.ts';

const OPTIONS = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['RS256', 'ES256'] };

describe('a JWKS file changed while the api runs', () => {
  let dir: string;
  let file: string;
  let first: DevSigner;
  let second: DevSigner;
  let keys: JWTVerifyGetKey;
  const log = capturingLogger('api');

  /** Replaces the file the way the keys command does: a new file renamed over the old one. */
  async function publish(text: string): Promise<void> {
    await writeFile(`${file}.tmp`, text);
    await rename(`${file}.tmp`, file);
  }
  const jwksOf = (...signers: DevSigner[]): string =>
    JSON.stringify({ keys: signers.flatMap((s) => s.jwks.keys as JWK[]) });
  async function accepts(signer: DevSigner): Promise<boolean> {
    const token = await mintToken(signer, { tenant: 'acme' });
    return await jwtVerify(token, keys, OPTIONS).then(() => true, () => false);
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harborhook-jwks-reload-'));
    file = join(dir, 'jwks.json');
    first = await createDevSigner('RS256');
    second = await createDevSigner('ES256');
    await publish(jwksOf(first));
    keys = await loadKeySet({ kind: 'file', path: file }, log.logger);
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('a key added to the file is trusted by the first token that names it', async () => {
    assert.equal(await accepts(second), false);
    await publish(jwksOf(first, second));
    // No waiting: the unknown kid makes the verifier look at the file at once.
    assert.equal(await accepts(second), true);
    assert.equal(await accepts(first), true);
    assert.ok(log.lines.some((line) => line.msg.includes('reloaded')
      && JSON.stringify(line.kids) === JSON.stringify([first.kid, second.kid])));
  });

  test('a file caught half written keeps the last good keys and is read again once whole',
    async () => {
      await writeFile(file, jwksOf(first, second).slice(0, 40));
      const third = await createDevSigner('ES256');
      assert.equal(await accepts(third), false);
      assert.equal(await accepts(first), true);
      assert.equal(await accepts(second), true);
      assert.ok(log.lines.some((line) => line.level === 'warn'
        && line.msg.includes('keeping the last good keys')));
      await writeFile(file, jwksOf(first, second, third));
      await waitFor(async () => await accepts(third), { what: 'the whole file to be read' });
    });

  test('an empty set, a private key or a missing file never replace the last good keys',
    async () => {
      const privateJwk = { ...(first.jwks.keys[0] as JWK), d: 'AAAA' };
      for (const text of ['{"keys":[]}', JSON.stringify({ keys: [privateJwk] })]) {
        await publish(text);
        assert.equal(await accepts(await createDevSigner()), false);
        assert.equal(await accepts(first), true);
      }
      await rm(file);
      assert.equal(await accepts(await createDevSigner()), false);
      assert.equal(await accepts(second), true);
    });

  test('a key removed from the file is refused within about a second', async () => {
    await publish(jwksOf(second));
    await waitFor(async () => !await accepts(first),
      { what: 'the removed key to be refused', timeoutMs: 10_000 });
    assert.equal(await accepts(second), true);
  });

  test('no token or key material reaches the log', () => {
    assert.doesNotMatch(log.text(), /eyJ|"n":|"x":|PRIVATE/);
  });
});
