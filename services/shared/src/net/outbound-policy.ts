import { classifyAddress, effectiveAddress, type AddressClass } from './address-class.ts';
import { parseIp } from './ip-address.ts';
import { networkContains, type IpNetwork } from './ip-network.ts';

export interface OutboundVerdict {
  allowed: boolean;
  addressClass: AddressClass;
}

/**
 * Whether a request may go to this IP address: public addresses always, others only inside an
 * allowed network (matched on the IPv4 address of an IPv4-mapped form). Cloud metadata
 * addresses never: they hand out credentials, and no allow-list entry is meant to reach them.
 * Text that is not an IP address is refused.
 */
export function checkOutboundAddress(text: string, allowedNetworks: readonly IpNetwork[]):
  OutboundVerdict {
  const address = parseIp(text);
  if (address === undefined) return { allowed: false, addressClass: 'reserved' };
  const addressClass = classifyAddress(address);
  if (addressClass === 'public') return { allowed: true, addressClass };
  if (addressClass === 'cloud_metadata') return { allowed: false, addressClass };
  const effective = effectiveAddress(address);
  const allowed = allowedNetworks.some((network) => networkContains(network, effective));
  return { allowed, addressClass };
}

/** `localhost` and names under it are loopback by definition (RFC 6761), wherever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The addresses a `localhost` name stands for. */
export const LOCALHOST_ADDRESSES: readonly string[] = ['127.0.0.1', '::1'];
