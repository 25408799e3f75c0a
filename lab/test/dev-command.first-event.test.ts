import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../src/env/free-port.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { REPO_ROOT } from '../src/env/binaries.ts';

const run = promisify(execFile);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

test('the dev command runs the platform and the printed steps deliver a first event',
  async (t) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'harborhook-dev-test-'));
    const apiPort = await freePort();
    const env = { ...process.env };
    delete env.DATABASE_URL;
    // Otherwise the child node would think it is part of this test run.
    delete env.NODE_TEST_CONTEXT;
    const dev = spawn(process.execPath, [join(REPO_ROOT, 'lab/src/cli/dev.ts'),
      '--api-port', String(apiPort), '--metrics-port', '0', '--state-dir', stateDir],
      { env, stdio: 'pipe' });
    let output = '';
    dev.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    dev.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => dev.on('exit', resolve));
    t.after(async () => {
      if (dev.exitCode === null) dev.kill('SIGKILL');
      await rm(stateDir, { recursive: true, force: true });
    });

    await waitFor(() => output.includes('Harborhook is running'),
      { what: `the dev command to report it is running; output so far:\n${output}`,
        timeoutMs: 90_000, intervalMs: 100 });
    const api = `http://127.0.0.1:${apiPort}`;
    assert.match(output, new RegExp(`api\\s+${api}`));

    const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'lab/src/cli/token.ts'),
      '--tenant', 'acme', '--state-dir', stateDir], { env });
    const token = stdout.trim();

    const received: Received[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    t.after(() => receiver.close());
    const address = receiver.address();
    const receiverPort = typeof address === 'object' && address !== null ? address.port : 0;

    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/v1/endpoints`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ url: `http://127.0.0.1:${receiverPort}/webhooks`,
        eventTypes: ['order.*'] }),
    });
    assert.equal(created.status, 201);
    const { secret } = await created.json() as { secret: string };

    const body = '{"orderId": 42, "total": "19.99"}';
    const published = await fetch(`${api}/v1/events`, {
      method: 'POST', headers: { ...auth, 'harborhook-event-type': 'order.created' }, body,
    });
    assert.equal(published.status, 202);
    const event = await published.json() as { id: string; deliveryCount: number };
    assert.equal(event.deliveryCount, 1);

    await waitFor(() => received.length >= 1, { what: 'the webhook at the receiver' });
    const first = received[0];
    assert.ok(first !== undefined);
    assert.equal(first.body, body);
    assert.equal(first.headers['webhook-id'], event.id);
    new Webhook(secret).verify(first.body, {
      'webhook-id': String(first.headers['webhook-id']),
      'webhook-timestamp': String(first.headers['webhook-timestamp']),
      'webhook-signature': String(first.headers['webhook-signature']),
    });

    // A worker that dies is restarted, and delivery goes on.
    const workerPid = Number(/worker (\d+)/.exec(output)?.[1]);
    assert.ok(workerPid > 0, 'the welcome text names the worker process');
    process.kill(workerPid, 'SIGKILL');
    await waitFor(() => output.includes('restarting worker'), { what: 'the worker restart' });
    const second = await fetch(`${api}/v1/events`, {
      method: 'POST', headers: { ...auth, 'harborhook-event-type': 'order.paid' }, body: '{}',
    });
    assert.equal(second.status, 202);
    await waitFor(() => received.length >= 2, { what: 'a webhook after the worker restart' });

    dev.kill('SIGINT');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`${api}/healthz`), 'the api stops with the dev command');
  });
