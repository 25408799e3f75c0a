import { parseNetwork, type IpNetwork } from '../net/ip-network.ts';
import type { EnvReader } from './env-reader.ts';

/**
 * OUTBOUND_ALLOWED_NETWORKS: comma-separated CIDRs (IPv4 and IPv6) that endpoints may reach
 * besides public addresses, such as `127.0.0.0/8,::1/128` for development. Empty by default.
 */
export function readOutboundAllowedNetworks(env: EnvReader): IpNetwork[] {
  const raw = env.optionalString('OUTBOUND_ALLOWED_NETWORKS');
  if (raw === undefined) return [];
  const networks: IpNetwork[] = [];
  for (const part of raw.split(',').map((text) => text.trim()).filter((text) => text !== '')) {
    const network = parseNetwork(part);
    if (network === undefined) {
      env.problem(`OUTBOUND_ALLOWED_NETWORKS must be a comma-separated list of CIDRs like `
        + `127.0.0.0/8 or ::1/128, got "${part}"`);
    } else {
      networks.push(network);
    }
  }
  return networks;
}
