import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { freePort } from '@harborhook/lab/env/free-port';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';

describe('relay process', () => {
  it('starts from its production entry and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['services/relay/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: await createTestDatabase(),
        NSQD_HTTP_ADDRESS: `127.0.0.1:${port}`, NSQD_TCP_ADDRESS: `127.0.0.1:${port}`,
        METRICS_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor(() => output.includes('"msg":"relay started"'));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(output.includes('"msg":"relay stopped"'));
  });

  it('refuses to start with an invalid configuration and names the problem', async () => {
    const child = spawn(process.execPath, ['services/relay/src/main.ts'], {
      cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', RELAY_BATCH_SIZE: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(errors, /DATABASE_URL is required/);
    assert.match(errors, /RELAY_BATCH_SIZE/);
  });

  it('refuses to start when its metrics port is taken, saying which setting to change, and '
    + 'with an unknown OTEL exporter', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const nsqd = `127.0.0.1:${await freePort()}`;
      const base = { PATH: process.env.PATH ?? '', DATABASE_URL: await createTestDatabase(),
        NSQD_HTTP_ADDRESS: nsqd, NSQD_TCP_ADDRESS: nsqd };
      const portTaken = await runRelay({ ...base, METRICS_PORT: String(port) });
      assert.equal(portTaken.code, 2);
      assert.match(portTaken.errors,
        /cannot listen for metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
      const badExporter = await runRelay({ ...base, OTEL_TRACES_EXPORTER: 'jaeger-ish' });
      assert.equal(badExporter.code, 2);
      assert.match(badExporter.errors, /OTEL_TRACES_EXPORTER names "jaeger-ish"/);
    } finally {
      taken.close();
    }
  });
});

/** Runs the relay's production entry until it exits; its exit code and standard error. */
async function runRelay(env: Record<string, string>): Promise<{ code: number | null;
  errors: string; }> {
  const child = spawn(process.execPath, ['services/relay/src/main.ts'],
    { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, errors };
}
