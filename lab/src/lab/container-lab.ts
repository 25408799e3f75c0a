import type { LabContainer } from '../containers/lab-container.ts';
import type { LabNetwork } from '../containers/lab-network.ts';
import { assembleLab, type CommonLabParts } from './assemble-lab.ts';
import type { ContainerService } from './container-service.ts';
import type { Lab } from './lab.ts';
import { nsqdHandle } from './nsqd-handle.ts';

/** Everything container-runtime.ts started, handed over once the lab is up. */
export interface ContainerLabParts extends CommonLabParts {
  workDir: string;
  network: LabNetwork;
  /** Every container of the lab: Postgres, nsqd, Toxiproxy and the services. */
  containers: LabContainer[];
  nsqd: ContainerService;
  nsqdAddresses: { tcp: string; http: string };
  toxiproxyUrl: string;
  /** Ports the lab publishes on 127.0.0.1 (the forwarders' ports on the bridge go with it). */
  hostPorts: number[];
}

/** A lab whose parts run in containers; see container-runtime.ts for how it starts. */
export function containerLab(parts: ContainerLabParts): Lab {
  const { nsqd } = parts;
  return assembleLab({
    ...parts,
    runtime: 'container',
    nsqd: nsqdHandle(parts.nsqdAddresses, nsqd, () => nsqd.start()),
    resources: () => ({
      pids: parts.containers.map((c) => c.pid).filter((pid): pid is number => pid !== undefined),
      ports: [...parts.hostPorts, ...parts.receivers.map((r) => r.receiver.port)],
      directories: [parts.workDir],
      containers: parts.containers.map((c) => c.id),
      networks: [parts.network.id],
    }),
  });
}
