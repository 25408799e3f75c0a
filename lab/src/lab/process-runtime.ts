import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDevSigner, saveDevSigner } from '../auth/dev-keys.ts';
import { freePort } from '../env/free-port.ts';
import { Nsqd } from '../env/nsqd.ts';
import { Postgres } from '../env/postgres.ts';
import { ToxiproxyServer } from '../env/toxiproxy.ts';
import { apiEnv, relayEnv, workerEnv, type Env } from '../platform/service-env.ts';
import { ServiceProcess } from '../platform/service-process.ts';
import { createDependencyLinks } from './dependency-links.ts';
import type { Lab, LabOptions } from './lab.ts';
import { LabApiClient } from './lab-api-client.ts';
import { LAB_DATABASE, openLabDatabase } from './lab-database.ts';
import { startLabReceivers } from './lab-receivers.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { LAB_SERVICE_SETTINGS } from './lab-settings.ts';
import { labShape, type LabShape } from './lab-shape.ts';
import { labWiring } from './lab-wiring.ts';
import { createLabWorkspace } from './lab-workspace.ts';
import { receiverLinkName } from './link-catalogue.ts';
import { processLab } from './process-lab.ts';
import { ProcessService } from './process-service.ts';
import { Teardown } from './teardown.ts';
import { ToxiproxyLink } from './toxiproxy-link.ts';

/** The local-process runtime: every part of the lab is an OS process on 127.0.0.1. */
export const processRuntime: LabRuntime = {
  name: 'process',
  start: startProcessLab,
};

async function startProcessLab(options: LabOptions = {}): Promise<Lab> {
  const shape = labShape(options);
  return await Teardown.around((teardown) => build(teardown, options, shape));
}

async function build(teardown: Teardown, options: LabOptions, shape: LabShape): Promise<Lab> {
  // kill() sends its signal synchronously, which is all an exit hook can do.
  const killers: (() => void)[] = [];
  const { workDir, logDir } = await createLabWorkspace(teardown, 'harborhook-lab-',
    options.logDir, () => { for (const kill of killers) kill(); });

  const postgres = await Postgres.start({ durable: false });
  teardown.add('stop Postgres', () => postgres.stop());
  const database = await openLabDatabase(teardown,
    await postgres.createDatabase(LAB_DATABASE));

  const nsqd = await Nsqd.start();
  teardown.add('stop nsqd', () => nsqd.close());
  killers.push(() => { void nsqd.kill(); });

  const toxiproxy = await ToxiproxyServer.start();
  teardown.add('stop Toxiproxy', () => toxiproxy.close());
  const postgresAddress = `127.0.0.1:${postgres.port}`;
  const links = await createDependencyLinks(toxiproxy.client, {
    'api-postgres': postgresAddress,
    'relay-postgres': postgresAddress,
    'relay-nsqd-http': nsqd.httpAddress,
    'worker-postgres': postgresAddress,
    'worker-nsqd-tcp': nsqd.tcpAddress,
  });
  const receivers = await startLabReceivers(teardown, shape.behaviours, (receiver, index) =>
    ToxiproxyLink.create(toxiproxy.client, receiverLinkName(index),
      `127.0.0.1:${receiver.port}`));

  const signer = await createDevSigner();
  const { jwksFile } = await saveDevSigner(signer, join(workDir, 'keys'));
  const apiPort = await freePort();
  const through = labWiring({ databaseUrl: database.url, links, jwksFile, apiPort,
    logLevel: options.logLevel, bypassToxiproxy: options.bypassToxiproxy });

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = new ProcessService(new ServiceProcess('api', 'api', apiEnv(through('api-postgres'),
    { ...LAB_SERVICE_SETTINGS, ...options.env?.api }), logDir),
  { readyUrl: `${apiUrl}/readyz`, metricsUrl: `${apiUrl}/metrics` });
  const servicePorts = [apiPort];
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
  for (let i = 1; i <= shape.workers; i += 1) {
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

  return processLab({
    teardown, workDir, postgres, postgresPid: await postmasterPid(postgres),
    database, nsqd, toxiproxy, links, receivers,
    api: new LabApiClient(apiUrl, signer),
    services: { api, relay, workers }, servicePorts,
  });
}

/** Postgres writes its pid on the first line of postmaster.pid. */
async function postmasterPid(postgres: Postgres): Promise<number | undefined> {
  const text = await readFile(join(postgres.root, 'data', 'postmaster.pid'), 'utf8')
    .catch(() => '');
  const pid = Number(text.split('\n', 1)[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
