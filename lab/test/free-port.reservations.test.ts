import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { freePort } from '../src/env/free-port.ts';
import { LabError } from '../src/lab/lab-error.ts';

const FREE_PORT_MODULE = pathToFileURL(join(import.meta.dirname, '../src/env/free-port.ts')).href;

const noFreePort = (err: unknown): boolean =>
  err instanceof LabError && err.code === 'LAB_ERR_NO_FREE_PORT';

async function listening(port = 0): Promise<Server> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** A port nobody listens on now, as a one-port range. */
async function onePortRange(): Promise<{ from: number; to: number }> {
  const server = await listening();
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return { from: port, to: port };
}

/** A process that picks `count` ports, prints them and holds them until its stdin ends. */
function picker(count: number, range: { from: number; to: number }, dir: string): ChildProcess {
  const script = `import { freePort } from ${JSON.stringify(FREE_PORT_MODULE)};
    const ports = [];
    for (let i = 0; i < ${count}; i += 1) {
      ports.push(await freePort({ range: ${JSON.stringify(range)}, reservationDir: ${
  JSON.stringify(dir)} }));
    }
    console.log(JSON.stringify(ports));
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));`;
  return spawn(process.execPath, ['--input-type=module', '-e', script],
    { stdio: ['pipe', 'pipe', 'inherit'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    if (text.includes('\n')) return text.split('\n', 1)[0]!;
  }
  throw new Error(`picker exited before printing its ports: ${text}`);
}

test('labs picking ports side by side never get the same port', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // 25 picks each from 100 ports would overlap about six times if nothing kept them apart.
  const range = { from: 24_000, to: 24_099 };
  const pickers = [picker(25, range, dir), picker(25, range, dir)];
  t.after(() => { for (const child of pickers) child.kill(); });
  const [first, second] = await Promise.all(pickers.map(async (child) =>
    JSON.parse(await firstLine(child)) as number[]));
  assert.equal(new Set(first).size, 25);
  assert.equal(new Set(second).size, 25);
  assert.deepEqual(first!.filter((port) => second!.includes(port)), []);
  for (const child of pickers) child.stdin!.end();
  await Promise.all(pickers.map((child) => once(child, 'exit')));
});

test('a port another live lab has reserved is never handed out', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const range = await onePortRange();
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  t.after(() => holder.kill());
  await writeFile(join(dir, String(range.from)), String(holder.pid));
  await assert.rejects(freePort({ range, reservationDir: dir }), noFreePort);
});

test('a reservation left by a process that died is taken over', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const range = await onePortRange();
  const gone = spawn(process.execPath, ['-e', '']);
  await once(gone, 'exit');
  await writeFile(join(dir, String(range.from)), String(gone.pid));
  assert.equal(await freePort({ range, reservationDir: dir }), range.from);
  assert.equal(await readFile(join(dir, String(range.from)), 'utf8'), String(process.pid));
});

test('a port something already listens on is never handed out, and not left reserved',
  async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const server = await listening();
    t.after(() => server.close());
    const port = (server.address() as { port: number }).port;
    await assert.rejects(freePort({ range: { from: port, to: port }, reservationDir: dir }),
      noFreePort);
    await assert.rejects(readFile(join(dir, String(port))), { code: 'ENOENT' });
  });

test('the default range lies below the ephemeral ranges outgoing connections use', async () => {
  const port = await freePort();
  assert.ok(port >= 20_000 && port <= 32_767, `port ${port}`);
  const reservation = join(tmpdir(), `harborhook-ports-${process.getuid?.() ?? 'user'}`,
    String(port));
  assert.equal(await readFile(reservation, 'utf8'), String(process.pid));
});

test('a reservation directory that belongs to another user is refused, naming it',
  async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to give a directory to another user');
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await chown(dir, 12_345, 12_345);
    await assert.rejects(freePort({ range: await onePortRange(), reservationDir: dir }),
      (err: unknown) => noFreePort(err) && (err as Error).message.includes(dir)
        && (err as Error).message.includes('uid 12345'));
  });
