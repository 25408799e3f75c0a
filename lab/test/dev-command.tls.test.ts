import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Agent } from 'undici';
import { freePort } from '../src/env/free-port.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { REPO_ROOT } from '../src/env/binaries.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { clientTlsOptions } from '../src/platform/tls-backends.ts';
import { devCertificatePaths } from '../src/tls/dev-certificates.ts';

const run = promisify(execFile);

test('dev --tls runs every link over TLS and the printed steps deliver an event', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'harborhook-dev-tls-test-'));
  const apiPort = await freePort();
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'NSQD_TCP_ADDRESS', 'NSQD_HTTP_ADDRESS',
    'NODE_TEST_CONTEXT']) delete env[name];
  const dev = spawn(process.execPath, [join(REPO_ROOT, 'lab/src/cli/dev.ts'), '--tls',
    '--api-port', String(apiPort), '--metrics-port', '0', '--state-dir', stateDir],
    { env, stdio: 'pipe' });
  let output = '';
  dev.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  dev.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => dev.on('exit', resolve));
  let operator: Agent | undefined;
  const receiver = await Receiver.start();
  t.after(async () => {
    // SIGINT, not SIGKILL: the dev command then stops Postgres, nsqd and the services too.
    if (dev.exitCode === null) {
      dev.kill('SIGINT');
      await exited;
    }
    await operator?.close();
    await receiver.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  await waitFor(() => output.includes('Harborhook is running'),
    { what: `the dev command to report it is running; output so far:\n${output}`,
      timeoutMs: 90_000, intervalMs: 100 });
  const api = `https://127.0.0.1:${apiPort}`;
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

  const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'lab/src/cli/token.ts'),
    '--tenant', 'acme', '--state-dir', stateDir], { env });
  const auth = { authorization: `Bearer ${stdout.trim()}`, 'content-type': 'application/json' };
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
  dev.kill('SIGINT');
  assert.equal(await exited, 0);
});
