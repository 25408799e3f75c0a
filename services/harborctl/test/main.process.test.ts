import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { FakeApi } from './support/fake-api.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

interface Exit {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs the real entry point as a process, with a clean environment and Node 24 first. */
async function harborctl(argv: string[], options: { stdin?: Buffer; direct?: boolean } = {}):
  Promise<Exit> {
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
  const child = options.direct === true
    ? spawn(MAIN, argv, { env })
    : spawn(process.execPath, [MAIN, ...argv], { env });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  child.stdin.end(options.stdin ?? Buffer.alloc(0));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout: Buffer.concat(stdout), stderr };
}

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });

test('main.ts is an executable script with a node shebang', async () => {
  const text = await readFile(MAIN, 'utf8');
  assert.ok(text.startsWith('#!/usr/bin/env node\n'));
  await access(MAIN, constants.X_OK);
  const result = await harborctl(['version'], { direct: true });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout.toString('utf8'), /^harborctl \d+\.\d+\.\d+ \(node v24\./);
});

test('as a process: stdin payload goes out unchanged and the exit code is the API\'s verdict',
  async () => {
    const payload = Buffer.from('{"x": [1, 2,3]}\r\n');
    api.on('POST', '/v1/events', { status: 202, json: { id: 'e1', duplicate: false } });
    const ok = await harborctl(['event', 'publish', '--api-url', api.url, '--token', 'tok',
      '--type', 'a.b', '--file', '-'], { stdin: payload });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(api.requests.at(-1)?.body.equals(payload));

    api.on('POST', '/v1/events', { status: 503, json: { statusCode: 503,
      code: 'WHK_ERR_DEPENDENCY_UNAVAILABLE', error: 'Service Unavailable', message: 'db down' } });
    const failed = await harborctl(['event', 'publish', '--api-url', api.url, '--type', 'a.b',
      '--data', '{}']);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, 'WHK_ERR_DEPENDENCY_UNAVAILABLE: db down\n');
  });

test('as a process: usage errors exit 2, unreachable APIs exit 3', async () => {
  const usage = await harborctl(['event', 'frob']);
  assert.equal(usage.code, 2);
  const closed = await FakeApi.start();
  const url = closed.url;
  await closed.close();
  const unreachable = await harborctl(['health', '--api-url', url]);
  assert.equal(unreachable.code, 3);
  assert.match(unreachable.stderr, /connection refused/);
});
