import { formatIp, parseIp, type IpAddress } from './ip-address.ts';

/** A CIDR block: the address with its host bits cleared, and the prefix length. */
export interface IpNetwork extends IpAddress {
  prefix: number;
}

/** `10.0.0.0/8`, `::1/128`; a bare address is a network of one. Undefined when malformed. */
export function parseNetwork(text: string): IpNetwork | undefined {
  const [addressText = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || addressText.includes('%')) return undefined;
  const address = parseIp(addressText);
  if (address === undefined) return undefined;
  const bits = address.bytes.length * 8;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { family: address.family, bytes: masked(address.bytes, prefix), prefix };
}

function masked(bytes: readonly number[], prefix: number): number[] {
  return bytes.map((byte, i) => {
    const keep = Math.min(8, Math.max(0, prefix - i * 8));
    return byte & (0xff << (8 - keep)) & 0xff;
  });
}

export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  if (network.family !== address.family) return false;
  const bytes = masked(address.bytes, network.prefix);
  return bytes.every((byte, i) => byte === network.bytes[i]);
}

export function formatNetwork(network: IpNetwork): string {
  return `${formatIp(network)}/${network.prefix}`;
}
