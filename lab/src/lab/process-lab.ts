import type { Nsqd } from '../env/nsqd.ts';
import type { Postgres } from '../env/postgres.ts';
import type { ToxiproxyServer } from '../env/toxiproxy.ts';
import { assembleLab, type CommonLabParts } from './assemble-lab.ts';
import type { Lab, LabResources } from './lab.ts';
import type { DependencyLinkName } from './link-catalogue.ts';
import { nsqdHandle } from './nsqd-handle.ts';
import type { ToxiproxyLink } from './toxiproxy-link.ts';

/** Everything process-runtime.ts started, handed over once the lab is up. */
export interface ProcessLabParts extends CommonLabParts {
  workDir: string;
  postgres: Postgres;
  postgresPid: number | undefined;
  nsqd: Nsqd;
  toxiproxy: ToxiproxyServer;
  links: Record<DependencyLinkName, ToxiproxyLink>;
  /** Ports the services were told to listen on (api, metrics). */
  servicePorts: number[];
}

/** A lab whose every part is a local process; see process-runtime.ts for how it starts. */
export function processLab(parts: ProcessLabParts): Lab {
  const { nsqd } = parts;
  return assembleLab({
    ...parts,
    runtime: 'process',
    nsqd: nsqdHandle({ tcp: nsqd.tcpAddress, http: nsqd.httpAddress }, nsqd,
      () => nsqd.resume()),
    toxiproxyUrl: parts.toxiproxy.apiUrl,
    resources: () => processResources(parts),
  });
}

function processResources(parts: ProcessLabParts): LabResources {
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

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}
