import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { freePort } from '../src/env/free-port.ts';
import { LabError } from '../src/lab/lab-error.ts';

const FREE_PORT_MODULE = pathToFileURL(join(import.meta.dirname, '../src/env/free-port.ts')).href;

const noFreePort = (err: unknown): boolean =>
  err instanceof LabError && err.code === 'LAB_ERR_NO_FREE_PORT';

/** A reservation directory of the test's own, removed after it. */
async function reservationDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hh-ports-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

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

/** Starts pickers, waits for each one's ports; they hold them until `releaseAll`. */
async function pickAll(t: TestContext, counts: number[], range: { from: number; to: number },
  dir: string): Promise<{ ports: number[][]; pickers: ChildProcess[] }> {
  const pickers = counts.map((count) => picker(count, range, dir));
  t.after(() => { for (const child of pickers) child.kill(); });
  const ports = await Promise.all(pickers.map(async (child) =>
    JSON.parse(await firstLine(child)) as number[]));
  return { ports, pickers };
}

async function releaseAll(pickers: ChildProcess[]): Promise<void> {
  for (const child of pickers) child.stdin!.end();
  await Promise.all(pickers.map((child) => once(child, 'exit')));
}

/** A pid that no process has now. */
async function deadPid(): Promise<number> {
  const gone = spawn(process.execPath, ['-e', '']);
  await once(gone, 'exit');
  return gone.pid!;
}

test('labs picking ports side by side never get the same port', async (t) => {
  const dir = await reservationDir(t);
  // Half the range holds reservations of a dead process, so the pickers race to take them
  // over too: found stale by two at once, one must still end up with each.
  const range = { from: 24_000, to: 24_299 };
  const dead = String(await deadPid());
  for (let port = range.from; port <= range.to; port += 2) {
    await writeFile(join(dir, String(port)), dead);
  }
  const { ports, pickers } = await pickAll(t, [40, 40, 40, 40, 40, 40], range, dir);
  const all = ports.flat();
  assert.equal(all.length, 240);
  assert.deepEqual(all.filter((port, i) => all.indexOf(port) !== i), []);
  await releaseAll(pickers);
});

test('every port of the range is tried before the range counts as exhausted', async (t) => {
  const dir = await reservationDir(t);
  const range = { from: 17_000, to: 17_599 };
  const { ports, pickers } = await pickAll(t, [600], range, dir);
  assert.equal(new Set(ports[0]).size, 600);
  await releaseAll(pickers);
});

test('a lab leaving removes its own reservations, not one another lab took over', async (t) => {
  const dir = await reservationDir(t);
  const range = { from: 24_400, to: 24_409 };
  const { ports, pickers } = await pickAll(t, [2], range, dir);
  const [kept, takenOver] = ports[0]!;
  await writeFile(join(dir, String(takenOver)), String(process.pid));
  await releaseAll(pickers);
  await assert.rejects(readFile(join(dir, String(kept))), { code: 'ENOENT' });
  assert.equal(await readFile(join(dir, String(takenOver)), 'utf8'), String(process.pid));
});

test('a port another live lab has reserved is never handed out', async (t) => {
  const dir = await reservationDir(t);
  const range = await onePortRange();
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
  t.after(() => holder.kill());
  await writeFile(join(dir, String(range.from)), String(holder.pid));
  await assert.rejects(freePort({ range, reservationDir: dir }), noFreePort);
});

test('a reservation left by a process that died is taken over', async (t) => {
  const dir = await reservationDir(t);
  const range = await onePortRange();
  await writeFile(join(dir, String(range.from)), String(await deadPid()));
  assert.equal(await freePort({ range, reservationDir: dir }), range.from);
  assert.equal(await readFile(join(dir, String(range.from)), 'utf8'), String(process.pid));
});

test('a port something already listens on is never handed out, and not left reserved',
  async (t) => {
    const dir = await reservationDir(t);
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
    const dir = await reservationDir(t);
    await chown(dir, 12_345, 12_345);
    await assert.rejects(freePort({ range: await onePortRange(), reservationDir: dir }),
      (err: unknown) => noFreePort(err) && (err as Error).message.includes(dir)
        && (err as Error).message.includes('uid 12345'));
  });

test('a reservation directory that is a link or writable by others is refused', async (t) => {
  const parent = await reservationDir(t);
  const real = join(parent, 'real');
  const linked = join(parent, 'linked');
  await assert.rejects(freePort({ range: { from: 2, to: 1 }, reservationDir: real }),
    (err: unknown) => err instanceof LabError && err.code === 'LAB_ERR_INVALID_OPTIONS');
  assert.ok(await freePort({ range: await onePortRange(), reservationDir: real }));
  await symlink(real, linked);
  await assert.rejects(freePort({ range: await onePortRange(), reservationDir: linked }),
    (err: unknown) => noFreePort(err) && /not a directory/.test((err as Error).message));
  await chmod(real, 0o777);
  await assert.rejects(freePort({ range: await onePortRange(), reservationDir: real }),
    (err: unknown) => noFreePort(err) && /written by other users/.test((err as Error).message));
});
