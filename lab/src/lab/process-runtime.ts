import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger } from '@harborhook/shared/logger';
import { createPool } from '@harborhook/shared/db/pool';
import { migrate } from '@harborhook/shared/db/migrate';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { createDevSigner, DEV_AUDIENCE, DEV_ISSUER, saveDevSigner } from '../auth/dev-keys.ts';
import { freePort } from '../env/free-port.ts';
import { Nsqd } from '../env/nsqd.ts';
import { Postgres } from '../env/postgres.ts';
import { ToxiproxyServer } from '../env/toxiproxy.ts';
import { Receiver } from '../receivers/receiver.ts';
import { apiEnv, relayEnv, workerEnv, type Env, type PlatformWiring }
  from '../platform/service-env.ts';
import { ServiceProcess } from '../platform/service-process.ts';
import type { Lab, LabOptions, LabReceiver } from './lab.ts';
import { LabApiClient } from './lab-api-client.ts';
import { LabError } from './lab-error.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { LAB_SERVICE_SETTINGS } from './lab-settings.ts';
import { DEPENDENCY_LINK_NAMES, receiverLinkName, type DependencyLinkName }
  from './link-catalogue.ts';
import { ProcessLab } from './process-lab.ts';
import { ProcessService } from './process-service.ts';
import { Teardown } from './teardown.ts';
import { ToxiproxyLink } from './toxiproxy-link.ts';

const DATABASE = 'harborhook';
const SECRET_KID = 'lab-1';

/** The local-process runtime: every part of the lab is an OS process on 127.0.0.1. */
export const processRuntime: LabRuntime = {
  name: 'process',
  start: startProcessLab,
};

async function startProcessLab(options: LabOptions = {}): Promise<Lab> {
  const workers = options.workers ?? 1;
  const behaviours = options.receivers ?? [{ kind: 'succeed' }];
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'workers must be an integer from 1 to 32');
  }
  if (behaviours.length > 64) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'at most 64 receivers');
  }
  const teardown = new Teardown();
  try {
    return await build(teardown, options, workers, behaviours);
  } catch (err) {
    await teardown.run().catch(() => undefined);
    throw err;
  }
}

async function build(teardown: Teardown, options: LabOptions, workerCount: number,
  behaviours: NonNullable<LabOptions['receivers']>): Promise<Lab> {
  // A test process that dies without disposing the lab must not leave its processes behind.
  const killers: (() => void)[] = [];
  const reapOnExit = (): void => { for (const kill of killers) kill(); };
  process.once('exit', reapOnExit);
  teardown.add('remove the exit hook',
    async () => { process.removeListener('exit', reapOnExit); });
  const workDir = await mkdtemp(join(tmpdir(), 'harborhook-lab-'));
  teardown.add('remove the work directory',
    () => rm(workDir, { recursive: true, force: true }));
  const logDir = options.logDir ?? join(workDir, 'logs');
  await mkdir(logDir, { recursive: true });

  const postgres = await Postgres.start({ durable: false });
  teardown.add('stop Postgres', () => postgres.stop());
  const databaseUrl = await postgres.createDatabase(DATABASE);
  await applyMigrations(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  // pg's pool.end() resolves before its connections have closed; Postgres, stopped right
  // after, then errors them, and an error event nobody listens to would crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  teardown.add('close the database pool', () => pool.end());

  const nsqd = await Nsqd.start();
  teardown.add('stop nsqd', () => nsqd.close());
  // kill() sends its signal synchronously, which is all an exit hook can do.
  killers.push(() => { void nsqd.kill(); });

  const toxiproxy = await ToxiproxyServer.start();
  teardown.add('stop Toxiproxy', () => toxiproxy.close());
  const links = await createDependencyLinks(toxiproxy, postgres, nsqd);
  const receivers = await startReceivers(teardown, toxiproxy, behaviours);

  const signer = await createDevSigner();
  const { jwksFile } = await saveDevSigner(signer, join(workDir, 'keys'));
  const secretEntry = generateEncryptionKeyEntry(SECRET_KID);
  const wiring: PlatformWiring = {
    databaseUrl,
    // Every nsqd address a service is given is a proxy, so no traffic bypasses a link.
    nsqdTcpAddress: links['worker-nsqd-tcp'].listen,
    nsqdHttpAddress: links['relay-nsqd-http'].listen,
    nsqTopic: 'harborhook_deliveries',
    jwksFile,
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    apiPort: await freePort(),
    logLevel: options.logLevel ?? 'info',
    secretEncryptionKeys: secretEntry,
    secretEncryptionActiveKey: SECRET_KID,
  };
  const through = (link: DependencyLinkName): PlatformWiring =>
    ({ ...wiring, databaseUrl: viaProxy(databaseUrl, links[link]) });

  const apiUrl = `http://127.0.0.1:${wiring.apiPort}`;
  const api = new ProcessService(new ServiceProcess('api', 'api', apiEnv(through('api-postgres'),
    { ...LAB_SERVICE_SETTINGS, ...options.env?.api }), logDir),
  { readyUrl: `${apiUrl}/readyz`, metricsUrl: `${apiUrl}/metrics` });
  const servicePorts = [wiring.apiPort];
  const withMetrics = async (service: 'relay' | 'worker', name: string,
    env: (metrics: Env) => Env): Promise<ProcessService> => {
    const port = await freePort();
    servicePorts.push(port);
    const url = `http://127.0.0.1:${port}`;
    const metrics = { METRICS_HOST: '127.0.0.1', METRICS_PORT: String(port) };
    return new ProcessService(new ServiceProcess(service, name, env(metrics), logDir),
      { readyUrl: `${url}/readyz`, metricsUrl: `${url}/metrics` });
  };
  const relay = await withMetrics('relay', 'relay', (metrics) => relayEnv(
    through('relay-postgres'), { ...LAB_SERVICE_SETTINGS, ...metrics, ...options.env?.relay }));
  const workers: ProcessService[] = [];
  for (let i = 1; i <= workerCount; i += 1) {
    workers.push(await withMetrics('worker', `worker-${i}`, (metrics) => workerEnv(
      through('worker-postgres'),
      { ...LAB_SERVICE_SETTINGS, ...metrics, ...options.env?.worker })));
  }
  const services = [api, relay, ...workers];
  killers.push(() => { for (const service of services) void service.kill(); });
  teardown.add('stop the services',
    async () => { await Promise.all(services.map((service) => service.stop())); });
  // Faults must not slow the graceful stops down: heal every link first.
  teardown.add('heal every link', () => toxiproxy.client.reset());
  await Promise.all(services.map((service) => service.start()));

  return new ProcessLab({
    teardown, workDir, postgres, postgresPid: await postmasterPid(postgres),
    database: { url: databaseUrl, pool }, nsqd, toxiproxy, links, receivers,
    api: new LabApiClient(apiUrl, signer),
    services: { api, relay, workers }, servicePorts,
  });
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const pool = createPool({ url: databaseUrl, poolMax: 1, connectTimeoutMs: 5_000,
    statementTimeoutMs: 60_000 }, createLogger('lab-migrate', { level: 'warn' }),
  'harborhook-lab-migrate');
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

async function createDependencyLinks(toxiproxy: ToxiproxyServer, postgres: Postgres,
  nsqd: Nsqd): Promise<Record<DependencyLinkName, ToxiproxyLink>> {
  const upstreams: Record<DependencyLinkName, string> = {
    'api-postgres': `127.0.0.1:${postgres.port}`,
    'relay-postgres': `127.0.0.1:${postgres.port}`,
    'relay-nsqd-http': nsqd.httpAddress,
    'worker-postgres': `127.0.0.1:${postgres.port}`,
    'worker-nsqd-tcp': nsqd.tcpAddress,
  };
  const entries = await Promise.all(DEPENDENCY_LINK_NAMES.map(async (name) =>
    [name, await ToxiproxyLink.create(toxiproxy.client, name, upstreams[name])] as const));
  return Object.fromEntries(entries) as Record<DependencyLinkName, ToxiproxyLink>;
}

async function startReceivers(teardown: Teardown, toxiproxy: ToxiproxyServer,
  behaviours: NonNullable<LabOptions['receivers']>): Promise<LabReceiver[]> {
  const receivers: LabReceiver[] = [];
  for (const [index, behaviour] of behaviours.entries()) {
    const receiver = await Receiver.start(behaviour);
    teardown.add(`close receiver ${index}`, () => receiver.close());
    const link = await ToxiproxyLink.create(toxiproxy.client, receiverLinkName(index),
      `127.0.0.1:${receiver.port}`);
    receivers.push({
      receiver,
      link,
      url: (path = '/webhooks') =>
        `http://${link.listen}${path.startsWith('/') ? path : `/${path}`}`,
    });
  }
  return receivers;
}

/** The same database URL with the proxy's address in place of the server's. */
function viaProxy(databaseUrl: string, link: ToxiproxyLink): string {
  const url = new URL(databaseUrl);
  url.host = link.listen;
  return url.toString();
}

/** Postgres writes its pid on the first line of postmaster.pid. */
async function postmasterPid(postgres: Postgres): Promise<number | undefined> {
  const text = await readFile(join(postgres.root, 'data', 'postmaster.pid'), 'utf8')
    .catch(() => '');
  const pid = Number(text.split('\n', 1)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
