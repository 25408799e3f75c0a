import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import type Dockerode from 'dockerode';
import pg from 'pg';
import { Toxiproxy } from 'toxiproxy-node-client';
import { createDevSigner, saveDevSigner } from '../auth/dev-keys.ts';
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
import { apiEnv, relayEnv, workerEnv, type Env } from '../platform/service-env.ts';
import { serviceNodeOptions } from '@harborhook/shared/runtime/service-node-options';
import { containerLab } from './container-lab.ts';
import { ContainerService } from './container-service.ts';
import { createDependencyLinks, type ProxyPlacement } from './dependency-links.ts';
import type { DatabaseHandle, Lab, LabOptions, LabReceiver } from './lab.ts';
import { LabApiClient } from './lab-api-client.ts';
import { LAB_DATABASE, openLabDatabase } from './lab-database.ts';
import { LabError } from './lab-error.ts';
import { startLabReceivers } from './lab-receivers.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { LAB_SERVICE_SETTINGS } from './lab-settings.ts';
import { labShape, type LabShape } from './lab-shape.ts';
import { labWiring } from './lab-wiring.ts';
import { createLabWorkspace } from './lab-workspace.ts';
import { receiverLinkName } from './link-catalogue.ts';
import { Teardown } from './teardown.ts';
import { ToxiproxyLink } from './toxiproxy-link.ts';

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
  const shape = labShape(options);
  const docker = await dockerEngine();
  const images = await ensureLabImages();
  return await Teardown.around((teardown) => build(docker, images, teardown, options, shape));
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
  options: LabOptions, shape: LabShape): Promise<Lab> {
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
  const { workDir, logDir } = await createLabWorkspace(teardown, 'harborhook-container-lab-',
    options.logDir, reapOnExit);

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
  const links = await createDependencyLinks(client, {
    'api-postgres': `postgres:${PORTS.postgres}`,
    'relay-postgres': `postgres:${PORTS.postgres}`,
    'relay-nsqd-http': `nsqd:${PORTS.nsqdHttp}`,
    'worker-postgres': `postgres:${PORTS.postgres}`,
    'worker-nsqd-tcp': `nsqd:${PORTS.nsqdTcp}`,
  }, onToxiproxy(PORTS.firstLinkProxy));
  const toxiproxyIp = await toxiproxy.container.ipAddress(network.name);
  const receivers = await startReceivers(launch, client, shape.behaviours, toxiproxyIp);

  const signer = await createDevSigner();
  const keysDir = join(workDir, 'keys');
  const { jwksFile } = await saveDevSigner(signer, keysDir);
  const through = labWiring({ databaseUrl: database.url, links,
    jwksFile: `/lab/keys/${relative(keysDir, jwksFile)}`, apiPort: PORTS.api,
    logLevel: options.logLevel, bypassToxiproxy: options.bypassToxiproxy });
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
    ...Array.from({ length: shape.workers }, (_, i) => service('worker', `worker-${i + 1}`,
      workerEnv(through('worker-postgres'), { ...settings, ...metrics, ...options.env?.worker }))),
  ]);
  const [api, relay, ...workers] = started.map((s) => s.service) as
    [ContainerService, ContainerService, ...ContainerService[]];
  // Graceful stops first, then removal; faults must not slow the stops: heal links first.
  teardown.add('stop the services',
    async () => { await Promise.all(started.map((s) => s.service.stop())); });
  teardown.add('heal every link', () => client.reset());
  await Promise.all(started.map((s) => s.service.waitUntilReady()));

  return containerLab({
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
    (c) => c.withEnvironment({ ...env, NODE_OPTIONS: serviceNodeOptions(kind, env.NODE_OPTIONS) })
      // The code is mounted, not copied: the image is only Node, and stays valid as code changes.
      .withBindMounts([{ source: REPO_ROOT.replace(/\/$/, ''), target: '/app', mode: 'ro' },
        { source: keysDir, target: '/lab/keys', mode: 'ro' }])
      .withCommand([`services/${kind}/src/main.ts`]));
  const url = `http://127.0.0.1:${started.hostPorts[port]}`;
  return { ...started, service: new ContainerService(started.container,
    { readyUrl: `${url}/readyz`, metricsUrl: `${url}/metrics` }) };
}

async function prepareDatabase(teardown: Teardown, port: number): Promise<DatabaseHandle> {
  const server = `postgres://${LAB_POSTGRES_USER}:${LAB_POSTGRES_PASSWORD}@127.0.0.1:${port}`;
  await waitFor(async () => {
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${LAB_DATABASE}`);
      return true;
    } finally {
      await admin.end().catch(() => undefined);
    }
  }, { what: `Postgres on 127.0.0.1:${port}`, timeoutMs: 30_000, intervalMs: 100 });
  return await openLabDatabase(teardown, `${server}/${LAB_DATABASE}`);
}

/** Proxies at consecutive ports from `firstPort` in the Toxiproxy container, dialled by alias. */
function onToxiproxy(firstPort: number): ProxyPlacement {
  return (index) => ({ bind: `0.0.0.0:${firstPort + index}`,
    advertised: `${TOXIPROXY_ALIAS}:${firstPort + index}` });
}

/** Receivers stay in this process; the proxy reaches each through a forwarder on the bridge. */
async function startReceivers(launch: Launch, client: Toxiproxy,
  behaviours: NonNullable<LabOptions['receivers']>, toxiproxyIp: string):
  Promise<LabReceiver[]> {
  const placement = onToxiproxy(PORTS.firstReceiverProxy);
  return await startLabReceivers(launch.teardown, behaviours, async (receiver, index) => {
    const forwarder = await GatewayForwarder.start(launch.network.gateway, receiver.port,
      toxiproxyIp);
    launch.teardown.add(`close receiver ${index}'s forwarder`, () => forwarder.close());
    return await ToxiproxyLink.create(client, receiverLinkName(index), forwarder.address,
      placement(index));
  });
}
