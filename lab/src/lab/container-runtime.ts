import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type Dockerode from 'dockerode';
import pg from 'pg';
import { Toxiproxy } from 'toxiproxy-node-client';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { createDevSigner, DEV_AUDIENCE, DEV_ISSUER, saveDevSigner } from '../auth/dev-keys.ts';
import { dockerEngine } from '../containers/docker-engine.ts';
import { GatewayForwarder } from '../containers/gateway-forwarder.ts';
import type { LabImageTags } from '../containers/image-tags.ts';
import { LabContainer } from '../containers/lab-container.ts';
import { ensureLabImages } from '../containers/lab-images.ts';
import { createLabNetwork, LAB_LABEL, type LabNetwork } from '../containers/lab-network.ts';
import { LoopbackContainer } from '../containers/loopback-container.ts';
import { LAB_POSTGRES_PASSWORD, LAB_POSTGRES_USER } from '../containers/postgres-image.ts';
import { REPO_ROOT } from '../env/binaries.ts';
import { freePort } from '../env/free-port.ts';
import { waitFor } from '../env/wait-for.ts';
import { apiEnv, relayEnv, workerEnv, type Env, type PlatformWiring }
  from '../platform/service-env.ts';
import { Receiver } from '../receivers/receiver.ts';
import { ContainerLab } from './container-lab.ts';
import { ContainerService } from './container-service.ts';
import type { Lab, LabOptions, LabReceiver } from './lab.ts';
import { LabApiClient } from './lab-api-client.ts';
import { LabError } from './lab-error.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { LAB_SERVICE_SETTINGS } from './lab-settings.ts';
import { DEPENDENCY_LINK_NAMES, receiverLinkName, type DependencyLinkName }
  from './link-catalogue.ts';
import { applyMigrations } from './process-runtime.ts';
import { Teardown } from './teardown.ts';
import { ToxiproxyLink } from './toxiproxy-link.ts';

const DATABASE = 'harborhook';
const SECRET_KID = 'lab-1';
/** Ports inside the containers; the host sees them at free ports on 127.0.0.1. */
const PORTS = { postgres: 5432, nsqdTcp: 4150, nsqdHttp: 4151, toxiproxyApi: 8474,
  api: 8080, metrics: 9464, firstLinkProxy: 10_001, firstReceiverProxy: 11_000 } as const;
const TOXIPROXY_ALIAS = 'toxiproxy';

/**
 * The container runtime: Postgres, nsqd, Toxiproxy, api, relay and the workers each in their
 * own container (images built locally, lab/src/containers), on a Docker network of the lab's
 * own; the services reach their dependencies only through the Toxiproxy container's proxies,
 * by its network alias. Receivers stay in the test process (GatewayForwarder). Published
 * ports are bound to 127.0.0.1 only.
 */
export const containerRuntime: LabRuntime = {
  name: 'container',
  start: startContainerLab,
};

async function startContainerLab(options: LabOptions = {}): Promise<Lab> {
  const workers = options.workers ?? 1;
  const behaviours = options.receivers ?? [{ kind: 'succeed' }];
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'workers must be an integer from 1 to 32');
  }
  if (behaviours.length > 64) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'at most 64 receivers');
  }
  const docker = await dockerEngine();
  const images = await ensureLabImages();
  const teardown = new Teardown();
  try {
    return await build(docker, images, teardown, options, workers, behaviours);
  } catch (err) {
    await teardown.run().catch(() => undefined);
    throw err;
  }
}

/** What every container of the lab is started with, and how it is cleaned up. */
interface Launch {
  docker: Dockerode;
  network: LabNetwork;
  labLabel: Record<string, string>;
  logDir: string;
  teardown: Teardown;
  containers: LabContainer[];
  hostPorts: number[];
}

async function build(docker: Dockerode, images: LabImageTags, teardown: Teardown,
  options: LabOptions, workerCount: number,
  behaviours: NonNullable<LabOptions['receivers']>): Promise<Lab> {
  const labId = randomBytes(4).toString('hex');
  const containers: LabContainer[] = [];
  let networkId: string | undefined;
  // A test process that exits undisposed must not leave containers behind (Ryuk is off).
  const reapOnExit = (): void => {
    const ids = containers.map((c) => c.id);
    if (ids.length > 0) spawnSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore' });
    if (networkId !== undefined) spawnSync('docker', ['network', 'rm', networkId],
      { stdio: 'ignore' });
  };
  process.once('exit', reapOnExit);
  teardown.add('remove the exit hook',
    async () => { process.removeListener('exit', reapOnExit); });
  const workDir = await mkdtemp(join(tmpdir(), 'harborhook-container-lab-'));
  teardown.add('remove the work directory',
    () => rm(workDir, { recursive: true, force: true }));
  const logDir = options.logDir ?? join(workDir, 'logs');
  await mkdir(logDir, { recursive: true });

  const network = await createLabNetwork(docker, labId);
  networkId = network.id;
  teardown.add('remove the network', () => network.remove());
  const launch: Launch = { docker, network, labLabel: { [LAB_LABEL]: labId }, logDir, teardown,
    containers, hostPorts: [] };

  const [postgres, nsqd, toxiproxy] = await Promise.all([
    startContainer(launch, images.postgres, 'postgres', { [PORTS.postgres]: await freePort() }),
    startNsqd(launch, images.nsqd),
    startContainer(launch, images.toxiproxy, TOXIPROXY_ALIAS,
      { [PORTS.toxiproxyApi]: await freePort() }),
  ]);
  const database = await prepareDatabase(teardown, postgres.hostPorts[PORTS.postgres] ?? 0);
  const toxiproxyUrl = `http://127.0.0.1:${toxiproxy.hostPorts[PORTS.toxiproxyApi]}`;
  await new ContainerService(toxiproxy.container, { readyUrl: `${toxiproxyUrl}/version`,
    metricsUrl: '' }).waitUntilReady();
  await nsqd.service.waitUntilReady();
  const client = new Toxiproxy(toxiproxyUrl);
  const links = await createDependencyLinks(client);
  const toxiproxyIp = await toxiproxy.container.ipAddress(network.name);
  const receivers = await startReceivers(launch, client, behaviours, toxiproxyIp);

  const signer = await createDevSigner();
  const keysDir = join(workDir, 'keys');
  const { jwksFile } = await saveDevSigner(signer, keysDir);
  const wiring: PlatformWiring = {
    databaseUrl: '',
    nsqdTcpAddress: links['worker-nsqd-tcp'].listen,
    nsqdHttpAddress: links['relay-nsqd-http'].listen,
    nsqTopic: 'harborhook_deliveries',
    jwksFile: `/lab/keys/${relative(keysDir, jwksFile)}`,
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    apiPort: PORTS.api,
    logLevel: options.logLevel ?? 'info',
    secretEncryptionKeys: generateEncryptionKeyEntry(SECRET_KID),
    secretEncryptionActiveKey: SECRET_KID,
  };
  const through = (link: DependencyLinkName): PlatformWiring => ({ ...wiring,
    databaseUrl: `postgres://${LAB_POSTGRES_USER}:${LAB_POSTGRES_PASSWORD}@${
      links[link].listen}/${DATABASE}` });
  // Endpoints are the receivers' proxies, on the lab's network rather than on loopback.
  const settings: Env = { ...LAB_SERVICE_SETTINGS, OUTBOUND_ALLOWED_NETWORKS: network.subnet };
  const metrics: Env = { METRICS_HOST: '0.0.0.0', METRICS_PORT: String(PORTS.metrics) };
  const service = (kind: 'api' | 'relay' | 'worker', name: string, env: Env) =>
    startService(launch, images.node, kind, name, env, keysDir);
  const started = await Promise.all([
    service('api', 'api', apiEnv(through('api-postgres'),
      { ...settings, API_HOST: '0.0.0.0', ...options.env?.api })),
    service('relay', 'relay', relayEnv(through('relay-postgres'),
      { ...settings, ...metrics, ...options.env?.relay })),
    ...Array.from({ length: workerCount }, (_, i) => service('worker', `worker-${i + 1}`,
      workerEnv(through('worker-postgres'), { ...settings, ...metrics, ...options.env?.worker }))),
  ]);
  const [api, relay, ...workers] = started.map((s) => s.service) as
    [ContainerService, ContainerService, ...ContainerService[]];
  // Graceful stops first, then removal; faults must not slow the stops: heal links first.
  teardown.add('stop the services',
    async () => { await Promise.all(started.map((s) => s.service.stop())); });
  teardown.add('heal every link', () => client.reset());
  await Promise.all(started.map((s) => s.service.waitUntilReady()));

  return new ContainerLab({
    teardown, workDir, network, containers, database, nsqd: nsqd.service,
    nsqdAddresses: {
      tcp: `127.0.0.1:${nsqd.started.hostPorts[PORTS.nsqdTcp]}`,
      http: `127.0.0.1:${nsqd.started.hostPorts[PORTS.nsqdHttp]}`,
    },
    toxiproxyUrl, links, receivers,
    api: new LabApiClient(`http://127.0.0.1:${started[0]?.hostPorts[PORTS.api]}`, signer),
    services: { api, relay, workers }, hostPorts: launch.hostPorts,
  });
}

interface StartedPart {
  container: LabContainer;
  hostPorts: Record<number, number>;
}

async function startContainer(launch: Launch, image: string, name: string,
  ports: Record<number, number>, configure: (c: LoopbackContainer) => LoopbackContainer =
  (c) => c): Promise<StartedPart> {
  const builder = configure(new LoopbackContainer(image, launch.labLabel)
    .withLabNetwork(launch.network.name, name).withLoopbackPorts(ports)
    .withName(`${launch.network.name}-${name}`));
  launch.hostPorts.push(...Object.values(ports));
  const started = await builder.start().catch((err: unknown) => {
    throw new LabError('LAB_ERR_NOT_READY', `container ${name} (${image}) did not start: ${
      (err as Error).message}`, { cause: err });
  });
  const container = new LabContainer(launch.docker, started, name,
    join(launch.logDir, `${name}.log`));
  launch.containers.push(container);
  launch.teardown.add(`remove the ${name} container`, () => container.remove());
  await container.attach();
  return { container, hostPorts: ports };
}

async function startNsqd(launch: Launch, image: string):
  Promise<{ started: StartedPart; service: ContainerService }> {
  const ports = { [PORTS.nsqdTcp]: await freePort(), [PORTS.nsqdHttp]: await freePort() };
  const started = await startContainer(launch, image, 'nsqd', ports, (c) => c.withCommand([
    `--tcp-address=0.0.0.0:${PORTS.nsqdTcp}`, `--http-address=0.0.0.0:${PORTS.nsqdHttp}`,
    '--broadcast-address=nsqd', '--data-path=/data']));
  const http = `http://127.0.0.1:${ports[PORTS.nsqdHttp]}`;
  return { started, service: new ContainerService(started.container,
    { readyUrl: `${http}/ping`, metricsUrl: `${http}/stats` }) };
}

async function startService(launch: Launch, image: string, kind: 'api' | 'relay' | 'worker',
  name: string, env: Env, keysDir: string):
  Promise<StartedPart & { service: ContainerService }> {
  const port = kind === 'api' ? PORTS.api : PORTS.metrics;
  const started = await startContainer(launch, image, name, { [port]: await freePort() },
    (c) => c.withEnvironment(env)
      // The code is mounted, not copied: the image is only Node, and stays valid as code changes.
      .withBindMounts([{ source: REPO_ROOT.replace(/\/$/, ''), target: '/app', mode: 'ro' },
        { source: keysDir, target: '/lab/keys', mode: 'ro' }])
      .withCommand([`services/${kind}/src/main.ts`]));
  const url = `http://127.0.0.1:${started.hostPorts[port]}`;
  return { ...started, service: new ContainerService(started.container,
    { readyUrl: `${url}/readyz`, metricsUrl: `${url}/metrics` }) };
}

async function prepareDatabase(teardown: Teardown, port: number):
  Promise<{ url: string; pool: pg.Pool }> {
  const server = `postgres://${LAB_POSTGRES_USER}:${LAB_POSTGRES_PASSWORD}@127.0.0.1:${port}`;
  await waitFor(async () => {
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${DATABASE}`);
      return true;
    } finally {
      await admin.end().catch(() => undefined);
    }
  }, { what: `Postgres on 127.0.0.1:${port}`, timeoutMs: 30_000, intervalMs: 100 });
  const url = `${server}/${DATABASE}`;
  await applyMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // As in the process runtime: errors of idle connections after end() must not crash a test.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  teardown.add('close the database pool', () => pool.end());
  return { url, pool };
}

async function createDependencyLinks(client: Toxiproxy):
  Promise<Record<DependencyLinkName, ToxiproxyLink>> {
  const upstreams: Record<DependencyLinkName, string> = {
    'api-postgres': `postgres:${PORTS.postgres}`,
    'relay-postgres': `postgres:${PORTS.postgres}`,
    'relay-nsqd-http': `nsqd:${PORTS.nsqdHttp}`,
    'worker-postgres': `postgres:${PORTS.postgres}`,
    'worker-nsqd-tcp': `nsqd:${PORTS.nsqdTcp}`,
  };
  const entries = await Promise.all(DEPENDENCY_LINK_NAMES.map(async (name, index) => {
    const port = PORTS.firstLinkProxy + index;
    return [name, await ToxiproxyLink.create(client, name, upstreams[name],
      { bind: `0.0.0.0:${port}`, advertised: `${TOXIPROXY_ALIAS}:${port}` })] as const;
  }));
  return Object.fromEntries(entries) as Record<DependencyLinkName, ToxiproxyLink>;
}

async function startReceivers(launch: Launch, client: Toxiproxy,
  behaviours: NonNullable<LabOptions['receivers']>, toxiproxyIp: string):
  Promise<LabReceiver[]> {
  const receivers: LabReceiver[] = [];
  for (const [index, behaviour] of behaviours.entries()) {
    const receiver = await Receiver.start(behaviour);
    launch.teardown.add(`close receiver ${index}`, () => receiver.close());
    const forwarder = await GatewayForwarder.start(launch.network.gateway, receiver.port,
      toxiproxyIp);
    launch.teardown.add(`close receiver ${index}'s forwarder`, () => forwarder.close());
    const port = PORTS.firstReceiverProxy + index;
    const link = await ToxiproxyLink.create(client, receiverLinkName(index), forwarder.address,
      { bind: `0.0.0.0:${port}`, advertised: `${TOXIPROXY_ALIAS}:${port}` });
    receivers.push({
      receiver,
      link,
      url: (path = '/webhooks') =>
        `http://${link.listen}${path.startsWith('/') ? path : `/${path}`}`,
    });
  }
  return receivers;
}
