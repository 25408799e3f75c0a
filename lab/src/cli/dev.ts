import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'undici';
import { join } from 'node:path';
import { EnvReader } from '@harborhook/shared/config/env-reader';
import { readLogConfig } from '@harborhook/shared/config/common';
import { createLogger } from '@harborhook/shared/logger';
import { createPool } from '@harborhook/shared/db/pool';
import { migrate } from '@harborhook/shared/db/migrate';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { createDevSigner, DEV_AUDIENCE, DEV_ISSUER, loadDevSigner,
  saveDevSigner } from '../auth/dev-keys.ts';
import { REPO_ROOT } from '../env/binaries.ts';
import { Nsqd } from '../env/nsqd.ts';
import { Postgres, removeCluster } from '../env/postgres.ts';
import { waitFor } from '../env/wait-for.ts';
import { apiEnv, relayEnv, workerEnv, type Env, type PlatformWiring }
  from '../platform/service-env.ts';
import { ServiceProcess } from '../platform/service-process.ts';
import { clientTlsOptions, tlsServiceEnv } from '../platform/tls-backends.ts';
import { makeDevCertificates, type DevCertificates } from '../tls/dev-certificates.ts';
import { parseCliArgs } from './cli-args.ts';
import { printWelcome } from './dev-welcome.ts';

/** Dev receivers run on this machine: loopback is allowed unless the caller says otherwise. */
const DEV_OUTBOUND = {
  OUTBOUND_ALLOWED_NETWORKS: process.env.OUTBOUND_ALLOWED_NETWORKS ?? '127.0.0.0/8,::1/128',
};

/**
 * `bin/harborhook dev`: the whole platform on this machine. Postgres is embedded (or
 * DATABASE_URL), nsqd is the project's build (or NSQD_TCP_ADDRESS and NSQD_HTTP_ADDRESS), and
 * api, relay and worker run as separate processes, exactly as in production. State lives in
 * .harborhook/dev so events survive a restart; --fresh starts from nothing.
 */
const USAGE = `
Usage: bin/harborhook dev [--api-port N] [--metrics-port N] [--state-dir DIR] [--fresh] [--tls]
                         [--log-level LEVEL]

Runs the whole platform on this machine: embedded Postgres (or DATABASE_URL), nsqd (or
NSQD_TCP_ADDRESS and NSQD_HTTP_ADDRESS), and api, relay and worker as separate processes.
Every OTEL_* variable set for this command is passed on to the services, so that
OTEL_TRACES_EXPORTER=otlp with your collector's endpoint turns tracing on (docs/telemetry.md).
The services' other settings (docs/configuration.md) are the lab's own and are not read from
this command's environment; to tune them, run the services yourself (README, production).

  --api-port N      port of the api on 127.0.0.1 (default 8080, or API_PORT)
  --state-dir DIR   where the database, development keys and logs live (default .harborhook/dev)
  --metrics-port N  the relay's /metrics port; the worker's is N+1 (default 9101; 0: free ports)
  --log-level L     the services' LOG_LEVEL: trace, debug, info, warn, error (default info,
                    or LOG_LEVEL); each delivered webhook is a debug line
  --fresh           delete the state directory first
  --tls             every link over TLS with client certificates (made in DIR/certs, as by
                    "bin/harborhook certs"); needs the embedded Postgres and nsqd
`;
const args = parseCliArgs(USAGE, {
  'api-port': { type: 'string', default: process.env.API_PORT ?? '8080' },
  'metrics-port': { type: 'string', default: '9101' },
  'log-level': { type: 'string', default: process.env.LOG_LEVEL ?? 'info' },
  fresh: { type: 'boolean', default: false },
  tls: { type: 'boolean', default: false },
  'state-dir': { type: 'string', default: join(REPO_ROOT, '.harborhook', 'dev') },
});

const stateDir = args.string('state-dir');
const logDir = join(stateDir, 'logs');
const cleanups: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  if (args.flag('fresh')) {
    await removeCluster(join(stateDir, 'postgres'));
    await rm(stateDir, { recursive: true, force: true });
  }
  await mkdir(logDir, { recursive: true, mode: 0o755 });
  // Postgres runs as an unprivileged user that must be able to reach its data directory.
  await chmod(stateDir, 0o755);
  const env = new EnvReader(process.env);
  const external = {
    databaseUrl: env.optionalString('DATABASE_URL'),
    nsqdTcp: env.optionalString('NSQD_TCP_ADDRESS'),
    nsqdHttp: env.optionalString('NSQD_HTTP_ADDRESS'),
  };
  if (args.flag('tls') && Object.values(external).some((value) => value !== undefined)) {
    env.problem('--tls starts its own Postgres and nsqd with TLS: unset DATABASE_URL, '
      + 'NSQD_TCP_ADDRESS and NSQD_HTTP_ADDRESS');
  }
  // Checked here too, so a typo is one clear error instead of three services failing to start.
  const logLevel = new EnvReader({ LOG_LEVEL: args.string('log-level') });
  readLogConfig(logLevel);
  logLevel.finish({});
  env.finish({});
  const certs = args.flag('tls')
    ? await makeDevCertificates(join(stateDir, 'certs')) : undefined;

  const embedded = external.databaseUrl === undefined ? await embeddedDatabase(certs) : undefined;
  const databaseUrl = external.databaseUrl ?? embedded?.url ?? '';
  const nsqd = await nsqdAddresses(external.nsqdTcp, external.nsqdHttp, certs);
  await applyMigrations(databaseUrl, certs);
  const { jwksFile } = await devKeys();
  const secretEncryption = await devSecretEncryptionKey();

  const wiring: PlatformWiring = {
    databaseUrl,
    nsqdTcpAddress: nsqd.tcp,
    nsqdHttpAddress: nsqd.http,
    nsqTopic: 'harborhook_deliveries',
    jwksFile,
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    apiPort: Number(args.string('api-port')),
    logLevel: args.string('log-level'),
    secretEncryptionKeys: secretEncryption.entry,
    secretEncryptionActiveKey: secretEncryption.kid,
  };
  const tls = certs === undefined ? undefined : tlsServiceEnv(certs, nsqd.https ?? '');
  const metricsPort = Number(args.string('metrics-port'));
  const metricsPorts = { relay: metricsPort, worker: metricsPort === 0 ? 0 : metricsPort + 1 };
  const relayMetrics = { METRICS_PORT: String(metricsPorts.relay) };
  const workerMetrics = { METRICS_PORT: String(metricsPorts.worker) };
  const otel = otelEnv(process.env);
  const services = [
    new ServiceProcess('api', 'api',
      apiEnv(wiring, { ...otel, ...DEV_OUTBOUND, ...tls?.api }), logDir),
    new ServiceProcess('relay', 'relay',
      relayEnv(wiring, { ...otel, ...relayMetrics, ...tls?.relay }), logDir),
    new ServiceProcess('worker', 'worker', workerEnv(wiring,
      { ...otel, ...DEV_OUTBOUND, ...workerMetrics, ...tls?.worker }),
      logDir),
  ];
  for (const service of services) {
    superviseRestarts(service);
    service.start();
    cleanups.unshift(() => service.stop());
  }
  const apiUrl = `${certs === undefined ? 'http' : 'https'}://127.0.0.1:${wiring.apiPort}`;
  // Over TLS the api lets in only clients with a certificate: ask as the operator.
  const dispatcher = certs === undefined ? undefined
    : new Agent({ connect: clientTlsOptions(certs, 'operator') });
  await waitFor(async () => (await fetch(`${apiUrl}/readyz`,
    dispatcher === undefined ? {} : { dispatcher })).ok,
  { what: `the api at ${apiUrl}/readyz`, timeoutMs: 30_000, intervalMs: 100 });
  await dispatcher?.close();
  const pids = Object.fromEntries(services.map((service) => [service.name, service.pid]));
  printWelcome({ apiUrl, databaseUrl, postgresDir: embedded?.dir, nsqd, logDir, stateDir, pids,
    metricsPorts,
    ...(certs === undefined ? {} : { tls: { caFile: certs.caFile, ...certs.clients.operator } }) });
}

/** The OpenTelemetry variables of this command's environment, for the services. */
function otelEnv(env: NodeJS.ProcessEnv): Env {
  return Object.fromEntries(Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith('OTEL_')
      && entry[1] !== undefined));
}

/**
 * Restarts a service that dies, as a process supervisor would in production, so one crash does
 * not take the api down with it; work in flight comes back through Postgres leases. A service
 * that keeps dying (3 times within 30 s) stops the dev command instead.
 */
function superviseRestarts(service: ServiceProcess): void {
  const recentExits: number[] = [];
  service.onExit((code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentExits.push(now);
    while ((recentExits[0] ?? now) < now - 30_000) recentExits.shift();
    console.error(`${new Date().toISOString()} ${service.name} exited (code ${code}, signal `
      + `${signal}); its log: ${service.logFile}`);
    if (recentExits.length >= 3) {
      console.error(`${service.name} keeps exiting; stopping`);
      void shutdown(1);
      return;
    }
    console.error(`restarting ${service.name}`);
    service.start();
  });
}

async function embeddedDatabase(certs: DevCertificates | undefined):
  Promise<{ url: string; dir: string }> {
  const postgres = await Postgres.start({ durable: true, dataDir: join(stateDir, 'postgres'),
    ...(certs === undefined ? {} : { tls: { caFile: certs.caFile, ...certs.servers.postgres } }) });
  cleanups.unshift(() => postgres.stop());
  if (!await postgres.hasDatabase('harborhook')) await postgres.createDatabase('harborhook');
  return { url: postgres.url('harborhook'), dir: postgres.root };
}

async function nsqdAddresses(tcp: string | undefined, http: string | undefined,
  certs: DevCertificates | undefined): Promise<{ tcp: string; http: string; https?: string }> {
  if (tcp !== undefined && http !== undefined) return { tcp, http };
  // Kept in the state directory and stopped gracefully, so queued messages survive a restart.
  const nsqd = await Nsqd.start({ dataDir: join(stateDir, 'nsqd'),
    ...(certs === undefined ? {} : { tls: { caFile: certs.caFile, ...certs.servers.nsqd } }) });
  cleanups.unshift(() => nsqd.stop());
  return certs === undefined ? { tcp: nsqd.tcpAddress, http: nsqd.httpAddress }
    : { tcp: nsqd.tcpAddress, http: nsqd.httpAddress, https: nsqd.httpsAddress };
}

async function applyMigrations(databaseUrl: string,
  certs: DevCertificates | undefined): Promise<void> {
  const logger = createLogger('migrate', { level: 'warn' });
  const pool = createPool({ url: databaseUrl, poolMax: 1, connectTimeoutMs: 10_000,
    statementTimeoutMs: 120_000,
    ...(certs === undefined ? {} : { tls: { caFile: certs.caFile, ...certs.clients.api } }) },
  logger, 'harborhook-dev-migrate');
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

async function devKeys(): Promise<{ jwksFile: string }> {
  const keyDir = join(stateDir, 'keys');
  const existing = await loadDevSigner(keyDir).catch(() => undefined);
  if (existing === undefined) await saveDevSigner(await createDevSigner(), keyDir);
  return { jwksFile: join(keyDir, 'jwks.json') };
}

/**
 * The key that encrypts endpoint secrets, generated once into the state directory (0600) like
 * the dev signing keys, so secrets stored by an earlier run still decrypt after a restart.
 */
async function devSecretEncryptionKey(): Promise<{ entry: string; kid: string }> {
  const keyDir = join(stateDir, 'keys');
  const file = join(keyDir, 'secret-encryption-key');
  let entry = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (entry === '') {
    entry = generateEncryptionKeyEntry('dev-1');
    await mkdir(keyDir, { recursive: true, mode: 0o700 });
    await writeFile(file, `${entry}\n`, { mode: 0o600 });
  }
  return { entry, kid: entry.slice(0, entry.indexOf(':')) };
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.error('\nstopping Harborhook…');
  for (const cleanup of cleanups) await cleanup().catch((err: Error) => console.error(err.message));
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch(async (err: Error) => {
  console.error(`bin/harborhook dev failed: ${err.message}`);
  await shutdown(1);
});
