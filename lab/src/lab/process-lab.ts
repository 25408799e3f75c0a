import type pg from 'pg';
import type { Nsqd } from '../env/nsqd.ts';
import type { Postgres } from '../env/postgres.ts';
import type { ToxiproxyServer } from '../env/toxiproxy.ts';
import type { LabApiClient } from './lab-api-client.ts';
import { LabError } from './lab-error.ts';
import type { DependencyLinkName, LinkName } from './link-catalogue.ts';
import type { DatabaseHandle, Lab, LabReceiver, LabResources, LinkHandle, NsqdHandle,
  ServiceHandle } from './lab.ts';
import type { ProcessService } from './process-service.ts';
import type { Teardown } from './teardown.ts';
import type { ToxiproxyLink } from './toxiproxy-link.ts';

/** Everything process-runtime.ts started, handed over once the lab is up. */
export interface ProcessLabParts {
  teardown: Teardown;
  workDir: string;
  postgres: Postgres;
  postgresPid: number | undefined;
  database: { url: string; pool: pg.Pool };
  nsqd: Nsqd;
  toxiproxy: ToxiproxyServer;
  links: Record<DependencyLinkName, ToxiproxyLink>;
  receivers: LabReceiver[];
  api: LabApiClient;
  services: { api: ProcessService; relay: ProcessService; workers: ProcessService[] };
  /** Ports the services were told to listen on (api, metrics). */
  servicePorts: number[];
}

/** A lab whose every part is a local process; see process-runtime.ts for how it starts. */
export class ProcessLab implements Lab {
  readonly runtime = 'process';
  readonly api: LabApiClient;
  readonly database: DatabaseHandle;
  readonly nsqd: NsqdHandle;
  readonly services: { api: ServiceHandle; relay: ServiceHandle; workers: ServiceHandle[] };
  readonly receivers: LabReceiver[];
  readonly links: Readonly<Record<DependencyLinkName, LinkHandle>>;
  readonly #parts: ProcessLabParts;

  constructor(parts: ProcessLabParts) {
    this.#parts = parts;
    this.api = parts.api;
    this.database = parts.database;
    this.services = parts.services;
    this.receivers = parts.receivers;
    this.links = parts.links;
    const nsqd = parts.nsqd;
    this.nsqd = {
      tcpAddress: nsqd.tcpAddress,
      httpAddress: nsqd.httpAddress,
      get running() { return nsqd.running; },
      stop: async () => { await nsqd.stop(); },
      kill: async () => { await nsqd.kill(); },
      start: async () => { await nsqd.resume(); },
    };
  }

  get toxiproxyUrl(): string {
    return this.#parts.toxiproxy.apiUrl;
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
    const services = [parts.services.api, parts.services.relay, ...parts.services.workers];
    const pids = [...services.map((s) => s.pid), parts.toxiproxy.pid, parts.postgresPid]
      .filter((pid): pid is number => pid !== undefined);
    const ports = [
      ...parts.servicePorts,
      parts.toxiproxy.port,
      ...Object.values(parts.links).map((link) => link.port),
      ...parts.receivers.map((r) => r.receiver.port),
      ...parts.receivers.map((r) => portOf(r.link.listen)),
      parts.nsqd.tcpPort,
      parts.nsqd.httpPort,
      parts.postgres.port,
    ];
    return { pids, ports,
      directories: [parts.workDir, parts.nsqd.dataDir, parts.postgres.root] };
  }

  async close(): Promise<void> {
    await this.#parts.teardown.run();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
