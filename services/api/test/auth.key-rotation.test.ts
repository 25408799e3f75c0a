import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { startTestApi, type TestApi } from './support/test-api.ts';

const run = promisify(execFile);

/** The lab command, as the runbook runs it (`bin/harborhook keys|token ...`). */
async function lab(command: 'keys' | 'token', stateDir: string, ...args: string[]):
  Promise<string> {
  const env = { ...process.env };
  // Otherwise the child node would think it is part of this test run.
  delete env.NODE_TEST_CONTEXT;
  const { stdout } = await run(process.execPath,
    [join(REPO_ROOT, 'lab/src/cli', `${command}.ts`), ...args, '--state-dir', stateDir], { env });
  return stdout.trim();
}

/** Requests sent one after another with whatever token is current, until stopped. */
class RequestLoop {
  token: string;
  sent = 0;
  readonly failures: string[] = [];
  #stopped = false;
  readonly #done: Promise<void>;

  constructor(api: TestApi, token: string) {
    this.token = token;
    this.#done = this.#run(api);
  }

  async #run(api: TestApi): Promise<void> {
    while (!this.#stopped) {
      const res = await api.request('GET', '/v1/endpoints', { token: this.token });
      this.sent += 1;
      if (res.status !== 200) this.failures.push(`${res.status} ${res.text}`);
    }
  }

  /** Resolves once `count` more requests have been answered. */
  async next(count: number): Promise<void> {
    const target = this.sent + count;
    await waitFor(() => this.sent >= target, { what: `${count} more requests` });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

test('the runbook rotates the signing key while requests keep succeeding', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'harborhook-rotation-'));
  t.after(async () => { await rm(stateDir, { recursive: true, force: true }); });
  const oldKid = await lab('keys', stateDir, 'generate', '--alg', 'RS256');
  const api = await startTestApi({ env: { AUTH_JWKS_FILE: join(stateDir, 'keys/jwks.json') } });
  t.after(async () => { await api.close(); });
  const oldToken = await lab('token', stateDir, '--tenant', 'acme');
  assert.equal(decodeProtectedHeader(oldToken).kid, oldKid);

  const loops = [0, 1, 2].map(() => new RequestLoop(api, oldToken));
  const progress = async (): Promise<void> => {
    await Promise.all(loops.map(async (loop) => { await loop.next(10); }));
  };
  let newKid = '';
  try {
    await progress();

    // 1. Add: published, not signing. Check it with a token that names it.
    newKid = await lab('keys', stateDir, 'add', '--alg', 'ES256');
    await progress();
    const check = await lab('token', stateDir, '--tenant', 'acme', '--kid', newKid);
    assert.equal((await api.request('GET', '/v1/endpoints', { token: check })).status, 200);

    // 2. Promote: new tokens come from the new key; old tokens still verify.
    await lab('keys', stateDir, 'promote', '--kid', newKid);
    const newToken = await lab('token', stateDir, '--tenant', 'acme');
    assert.deepEqual(decodeProtectedHeader(newToken), { alg: 'ES256', kid: newKid });
    loops[0]!.token = newToken;
    await progress();
    loops[1]!.token = newToken;
    await progress();
    assert.equal((await api.request('GET', '/v1/endpoints', { token: oldToken })).status, 200);
    loops[2]!.token = newToken;
    await progress();

    // 3. Retire: the old key leaves the JWKS; its tokens are refused, new ones still work.
    await lab('keys', stateDir, 'retire', '--kid', oldKid);
    const refused = await waitFor(async () => {
      const res = await api.request('GET', '/v1/endpoints', { token: oldToken });
      return res.status === 401 ? res : undefined;
    }, { what: 'a token of the retired key to be refused', timeoutMs: 10_000 });
    assert.equal(refused.json.code, 'WHK_ERR_AUTH_TOKEN_INVALID');
    await progress();
  } finally {
    await Promise.all(loops.map(async (loop) => { await loop.stop(); }));
  }
  assert.deepEqual(loops.flatMap((loop) => loop.failures), []);
  assert.ok(loops.every((loop) => loop.sent >= 60));

  const listed = await lab('keys', stateDir, 'list');
  assert.match(listed, new RegExp(`${oldKid}\\s+RS256\\s+retired`));
  assert.match(listed, new RegExp(`${newKid}\\s+ES256\\s+current`));
  const keyFile = await stat(join(stateDir, 'keys/private', `${newKid}.pem`));
  assert.equal(keyFile.mode & 0o777, 0o600);
  await assert.rejects(stat(join(stateDir, 'keys/private', `${oldKid}.pem`)));
});
