import { randomInt } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync }
  from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../lab/lab-error.ts';

/**
 * Ports are picked below the ephemeral ranges (Linux 32768-60999, macOS 49152-65535): there,
 * no outgoing connection of the busy machine can take a port between its pick and its bind.
 */
export const LAB_PORT_RANGE = { from: 20_000, to: 32_767 } as const;

/** A reservation of a process that is still alive but older than this is taken over. */
const RESERVATION_MAX_AGE_MS = 24 * 3_600_000;
const ATTEMPTS = 500;

export interface FreePortOptions {
  range?: { from: number; to: number };
  /** Where reservations live; one directory per user, shared by all of that user's labs. */
  reservationDir?: string;
}

const handedOut = new Set<number>();
const reservationFiles = new Set<string>();
let cleanupInstalled = false;

/**
 * A TCP port on 127.0.0.1 that is free and stays this process's until it exits. The port is
 * bound by a child later (a service, Postgres, nsqd), so between the pick and the bind another
 * lab could pick it too: test files run side by side. A reservation file per port, created
 * exclusively, keeps every lab of this user off the ports another one has picked; the bind test
 * catches ports held by anything else.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  const range = options.range ?? LAB_PORT_RANGE;
  const dir = options.reservationDir ?? defaultReservationDir();
  ensureOwnDirectory(dir);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = range.from + randomInt(range.to - range.from + 1);
    if (handedOut.has(port) || !reserve(dir, port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
    release(join(dir, String(port)));
  }
  throw new LabError('LAB_ERR_NO_FREE_PORT', `no free port in ${range.from}-${range.to} on `
    + `127.0.0.1 after ${ATTEMPTS} tries (reservations in ${dir})`);
}

/** Another user's directory here could hold reservations forever or swap files under us. */
function ensureOwnDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  const owner = statSync(dir).uid;
  if (uid !== undefined && owner !== uid) {
    throw new LabError('LAB_ERR_NO_FREE_PORT', `the port reservation directory ${dir} belongs `
      + `to uid ${owner}, not to this user (${uid}): remove it or set TMPDIR elsewhere`);
  }
}

function defaultReservationDir(): string {
  return join(tmpdir(), `harborhook-ports-${process.getuid?.() ?? 'user'}`);
}

/** Creates the port's reservation file unless a live process holds it. */
function reserve(dir: string, port: number): boolean {
  const file = join(dir, String(port));
  if (!createExclusive(file)) {
    if (!isStale(file)) return false;
    release(file);
    if (!createExclusive(file)) return false;
  }
  reservationFiles.add(file);
  installCleanup();
  return true;
}

function createExclusive(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Left behind by a process that died (SIGKILL runs no exit handler), or very old. */
function isStale(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > RESERVATION_MAX_AGE_MS) return true;
    const owner = Number(readFileSync(file, 'utf8'));
    if (!Number.isInteger(owner) || owner <= 0) return true;
    process.kill(owner, 0);
    return false;
  } catch (err) {
    // ESRCH: no such process. EPERM: alive, another user's. ENOENT: released meanwhile.
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

function release(file: string): void {
  reservationFiles.delete(file);
  try {
    unlinkSync(file);
  } catch {
    // Already gone: a stale reservation another lab took over first.
  }
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => { for (const file of [...reservationFiles]) release(file); });
}

async function canBind(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
