import { randomBytes, randomInt } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../lab/lab-error.ts';

/**
 * Ports are picked below the ephemeral ranges (Linux 32768-60999, macOS 49152-65535): there,
 * no outgoing connection of the busy machine can take a port between its pick and its bind.
 */
export const LAB_PORT_RANGE = { from: 20_000, to: 32_767 } as const;

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
 * exclusively with the picker's pid in it, keeps every lab of this user off the ports another
 * one has picked; the bind test catches ports held by anything else. Every port of the range is
 * tried once, from a random one on.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  const range = options.range ?? LAB_PORT_RANGE;
  checkRange(range);
  const dir = options.reservationDir ?? defaultReservationDir();
  ensureOwnDirectory(dir);
  const size = range.to - range.from + 1;
  const offset = randomInt(size);
  for (let i = 0; i < size; i += 1) {
    const port = range.from + ((offset + i) % size);
    if (handedOut.has(port) || !reserve(dir, port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
    release(join(dir, String(port)));
  }
  throw new LabError('LAB_ERR_NO_FREE_PORT', `no free port in ${range.from}-${range.to} on `
    + `127.0.0.1: each is listened on or reserved (reservations in ${dir})`);
}

function checkRange(range: { from: number; to: number }): void {
  const valid = (port: number): boolean => Number.isInteger(port) && port >= 1 && port <= 65_535;
  if (!valid(range.from) || !valid(range.to) || range.from > range.to) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS',
      `a port range is two ports 1-65535, from <= to; got ${range.from}-${range.to}`);
  }
}

/** Another user's directory here could hold reservations forever or swap files under us. */
function ensureOwnDirectory(dir: string): void {
  const refuse = (why: string): never => {
    throw new LabError('LAB_ERR_NO_FREE_PORT', `the port reservation directory ${dir} ${why}: `
      + 'remove it or set TMPDIR elsewhere');
  };
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    refuse(`cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const stat = lstatSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory()) refuse('is not a directory (a symbolic link?)');
  if (uid !== undefined && stat.uid !== uid) {
    refuse(`belongs to uid ${stat.uid}, not to this user (${uid})`);
  }
  if ((stat.mode & 0o022) !== 0) refuse('can be written by other users');
}

function defaultReservationDir(): string {
  return join(tmpdir(), `harborhook-ports-${process.getuid?.() ?? 'user'}`);
}

/**
 * Creates the port's reservation unless a live process holds it. A reservation left by a dead
 * process is taken over under a `.takeover` file, created exclusively, and checked again there:
 * two labs that both found it stale must not both delete and recreate it.
 */
function reserve(dir: string, port: number): boolean {
  const file = join(dir, String(port));
  if (!createExclusive(file)) {
    if (!isStale(file)) return false;
    const token = `${file}.takeover`;
    // A token left by a process killed in these few lines costs that port, nothing more.
    if (!createExclusive(token)) return false;
    try {
      if (!isStale(file)) return false;
      unlinkIfThere(file);
      if (!createExclusive(file)) return false;
    } finally {
      unlinkIfThere(token);
    }
  }
  reservationFiles.add(file);
  installCleanup();
  return true;
}

/**
 * Creates `file` holding this pid, or returns false if it exists. Written aside and linked into
 * place, so nobody ever reads a reservation without its pid.
 */
function createExclusive(file: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.draft`;
  writeFileSync(draft, String(process.pid));
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkIfThere(draft);
  }
}

/** Left by a process that has died (SIGKILL runs no exit handler), or not a reservation. */
function isStale(file: string): boolean {
  let owner: number;
  try {
    owner = Number(readFileSync(file, 'utf8'));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
  if (!Number.isInteger(owner) || owner <= 0) return true;
  try {
    process.kill(owner, 0);
    return false;
  } catch (err) {
    // ESRCH: no such process. EPERM: alive, another user's.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Removes this process's reservation; one another lab has taken over meanwhile is left. */
function release(file: string): void {
  reservationFiles.delete(file);
  let owner = '';
  try {
    owner = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (owner === String(process.pid)) unlinkIfThere(file);
}

function unlinkIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
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
