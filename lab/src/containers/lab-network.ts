import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';

/** The label every container and network of one lab carries: `harborhook.lab=<lab id>`. */
export const LAB_LABEL = 'harborhook.lab';

/**
 * A fresh bridge network per lab, so labs never see each other's containers and every alias
 * (postgres, nsqd, toxiproxy, api, …) is the lab's own. Its gateway is this machine's address
 * on that bridge, the one address the containers can reach the test process at.
 */
export interface LabNetwork {
  readonly id: string;
  readonly name: string;
  /** The host's address on the bridge, e.g. 172.18.0.1. */
  readonly gateway: string;
  /** The network's addresses as a CIDR, e.g. 172.18.0.0/16. */
  readonly subnet: string;
  remove(): Promise<void>;
}

export async function createLabNetwork(docker: Dockerode, labId: string): Promise<LabNetwork> {
  const name = `harborhook-lab-${labId}-${randomBytes(3).toString('hex')}`;
  const network = await docker.createNetwork({ Name: name, Driver: 'bridge',
    CheckDuplicate: true, Labels: { [LAB_LABEL]: labId } });
  const { IPAM } = await network.inspect() as { IPAM: { Config?: { Gateway?: string;
    Subnet?: string }[] } };
  const config = IPAM.Config?.find((entry) => entry.Gateway !== undefined
    && entry.Subnet !== undefined && !entry.Subnet.includes(':'));
  if (config?.Gateway === undefined || config.Subnet === undefined) {
    await network.remove().catch(() => undefined);
    throw new Error(`network ${name} has no IPv4 gateway and subnet`);
  }
  return {
    id: network.id,
    name,
    gateway: config.Gateway,
    subnet: config.Subnet,
    remove: async () => {
      await network.remove().catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
    },
  };
}
