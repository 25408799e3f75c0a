import type pg from 'pg';
import type { LabContainer } from '../containers/lab-container.ts';
import type { LabNetwork } from '../containers/lab-network.ts';
import type { ContainerService } from './container-service.ts';
import type { LabApiClient } from './lab-api-client.ts';
import { LabError } from './lab-error.ts';
import type { DependencyLinkName, LinkName } from './link-catalogue.ts';
import type { DatabaseHandle, Lab, LabReceiver, LabResources, LinkHandle, NsqdHandle,
  ServiceHandle } from './lab.ts';
import type { Teardown } from './teardown.ts';
import type { ToxiproxyLink } from './toxiproxy-link.ts';

/** Everything container-runtime.ts started, handed over once the lab is up. */
export interface ContainerLabParts {
  teardown: Teardown;
  workDir: string;
  network: LabNetwork;
  /** Every container of the lab: Postgres, nsqd, Toxiproxy and the services. */
  containers: LabContainer[];
  database: { url: string; pool: pg.Pool };
  nsqd: ContainerService;
  nsqdAddresses: { tcp: string; http: string };
  toxiproxyUrl: string;
  links: Record<DependencyLinkName, ToxiproxyLink>;
  receivers: LabReceiver[];
  api: LabApiClient;
  services: { api: ContainerService; relay: ContainerService; workers: ContainerService[] };
  /** Ports the lab publishes on 127.0.0.1 (the forwarders' ports on the bridge go with it). */
  hostPorts: number[];
}

/** A lab whose parts run in containers; see container-runtime.ts for how it starts. */
export class ContainerLab implements Lab {
  readonly runtime = 'container';
  readonly api: LabApiClient;
  readonly database: DatabaseHandle;
  readonly nsqd: NsqdHandle;
  readonly toxiproxyUrl: string;
  readonly services: { api: ServiceHandle; relay: ServiceHandle; workers: ServiceHandle[] };
  readonly receivers: LabReceiver[];
  readonly links: Readonly<Record<DependencyLinkName, LinkHandle>>;
  readonly #parts: ContainerLabParts;

  constructor(parts: ContainerLabParts) {
    this.#parts = parts;
    this.api = parts.api;
    this.database = parts.database;
    this.toxiproxyUrl = parts.toxiproxyUrl;
    this.services = parts.services;
    this.receivers = parts.receivers;
    this.links = parts.links;
    const nsqd = parts.nsqd;
    this.nsqd = {
      tcpAddress: parts.nsqdAddresses.tcp,
      httpAddress: parts.nsqdAddresses.http,
      get running() { return nsqd.running; },
      stop: async () => { await nsqd.stop(); },
      kill: async () => { await nsqd.kill(); },
      start: async () => { await nsqd.start(); },
    };
  }

  link(name: LinkName): LinkHandle {
    const found = this.allLinks().find((link) => link.name === name);
    if (found === undefined) {
      throw new LabError('LAB_ERR_UNKNOWN_LINK', `no link named "${name}"; the lab has `
        + this.allLinks().map((link) => link.name).join(', '));
    }
    return found;
  }

  allLinks(): LinkHandle[] {
    return [...Object.values(this.links), ...this.receivers.map((r) => r.link)];
  }

  resources(): LabResources {
    const parts = this.#parts;
    return {
      pids: parts.containers.map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
      ports: [...parts.hostPorts, ...parts.receivers.map((r) => r.receiver.port)],
      directories: [parts.workDir],
      containers: parts.containers.map((c) => c.id),
      networks: [parts.network.id],
    };
  }

  async close(): Promise<void> {
    await this.#parts.teardown.run();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
