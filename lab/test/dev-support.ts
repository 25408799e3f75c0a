import type { TestContext } from 'node:test';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../src/env/free-port.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { REPO_ROOT } from '../src/env/binaries.ts';

const run = promisify(execFile);

export interface DevCommand {
  api: string;
  stateDir: string;
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  exited: Promise<number | null>;
  token(tenant: string): Promise<string>;
}

/**
 * Runs `bin/harborhook dev` as a user would, in its own state directory and with its own
 * Postgres and nsqd, and waits until it says it is running. Stopped with SIGINT at the end of
 * the test if it is still running.
 */
export async function startDevCommand(t: TestContext, options: { env?: Record<string, string>;
  args?: string[]; } = {}): Promise<DevCommand> {
  const stateDir = await mkdtemp(join(tmpdir(), 'harborhook-dev-test-'));
  const apiPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // Otherwise the child node would use outside servers, or think it is part of this test run.
  for (const name of ['DATABASE_URL', 'NSQD_TCP_ADDRESS', 'NSQD_HTTP_ADDRESS',
    'NODE_TEST_CONTEXT']) delete env[name];
  const args = options.args ?? [];
  const dev = spawn(process.execPath, [join(REPO_ROOT, 'lab/src/cli/dev.ts'), ...args,
    '--api-port', String(apiPort), '--metrics-port', '0', '--state-dir', stateDir],
  { env, stdio: 'pipe' });
  let output = '';
  dev.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  dev.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => dev.on('exit', resolve));
  t.after(async () => {
    // SIGINT, so the dev command stops its services; a SIGKILL would orphan them (regression:
    // the tracing test left api, relay, worker and nsqd running after every run).
    if (dev.exitCode === null && dev.signalCode === null) {
      dev.kill('SIGINT');
      const stopped = await Promise.race([exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000).unref())]);
      if (!stopped) dev.kill('SIGKILL');
    }
    await rm(stateDir, { recursive: true, force: true });
  });
  await waitFor(() => output.includes('Harborhook is running'),
    { what: `the dev command to report it is running; output so far:\n${output}`,
      timeoutMs: 90_000, intervalMs: 100 });
  return {
    api: `${args.includes('--tls') ? 'https' : 'http'}://127.0.0.1:${apiPort}`,
    stateDir,
    process: dev,
    output: () => output,
    exited,
    token: async (tenant) => (await run(process.execPath, [join(REPO_ROOT,
      'lab/src/cli/token.ts'), '--tenant', tenant, '--state-dir', stateDir], { env }))
      .stdout.trim(),
  };
}

export interface CapturedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP server on 127.0.0.1 that answers 204 (or `status`) and keeps what it got. */
export async function captureServer(t: TestContext, status = 204):
  Promise<{ url: string; received: CapturedRequest[] }> {
  const received: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, received };
}
