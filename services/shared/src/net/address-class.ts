import { embeddedIpv4, type IpAddress } from './ip-address.ts';
import { networkContains, parseNetwork, type IpNetwork } from './ip-network.ts';

/**
 * What kind of destination an IP address is, for outbound requests. Only `public` may be
 * reached without an allow-list; the names become log fields, so they stay few and stable.
 */
export type AddressClass =
  | 'public' | 'unspecified' | 'loopback' | 'private' | 'link_local' | 'carrier_grade_nat'
  | 'multicast' | 'broadcast' | 'cloud_metadata' | 'benchmarking' | 'documentation'
  | 'reserved';

type Table = readonly (readonly [IpNetwork, AddressClass])[];

function cidr(text: string): IpNetwork {
  const network = parseNetwork(text);
  if (network === undefined) throw new Error(`bad network in the address tables: ${text}`);
  return network;
}

function table(rows: readonly (readonly [string, AddressClass])[]): Table {
  return rows.map(([text, kind]) => [cidr(text), kind] as const);
}

// First match wins, so single metadata addresses come before the ranges that hold them.
const IPV4: Table = table([
  ['169.254.169.254/32', 'cloud_metadata'], // AWS, GCP, Azure, OCI, DigitalOcean, ...
  ['169.254.170.2/32', 'cloud_metadata'], // AWS ECS task metadata
  ['100.100.100.200/32', 'cloud_metadata'], // Alibaba Cloud
  ['168.63.129.16/32', 'cloud_metadata'], // Azure wire server: a public-looking address
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 itself reaches the local host
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier_grade_nat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // 6to4 relay anycast, deprecated
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6: Table = table([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'reserved'], // IPv4-compatible, deprecated: nothing legitimate lives there
  ['64:ff9b:1::/48', 'reserved'], // local-use NAT64: reaches whatever the local network holds
  ['100::/64', 'reserved'], // discard-only
  ['fd00:ec2::254/128', 'cloud_metadata'], // AWS over IPv6
  ['2001:2::/48', 'benchmarking'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo tunnels among them
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'], // SRv6 segment identifiers
  ['fc00::/7', 'private'], // unique local addresses
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'private'], // site-local, deprecated
  ['ff00::/8', 'multicast'],
]);

/** Prefixes whose addresses carry an IPv4 address that the packets end up at. */
const IPV4_MAPPED = cidr('::ffff:0:0/96');
const NAT64 = cidr('64:ff9b::/96');
const SIX_TO_FOUR = cidr('2002::/16');
const GLOBAL_UNICAST = cidr('2000::/3');

function lookup(rows: Table, address: IpAddress): AddressClass | undefined {
  return rows.find(([network]) => networkContains(network, address))?.[1];
}

/**
 * The IPv4 address an IPv6 address stands for, when it is only a wrapper: IPv4-mapped
 * (`::ffff:127.0.0.1`) goes to that IPv4 address on a dual-stack host. Other addresses are
 * returned as they are.
 */
export function effectiveAddress(address: IpAddress): IpAddress {
  if (address.family === 6 && networkContains(IPV4_MAPPED, address)) {
    return embeddedIpv4(address, 12);
  }
  return address;
}

export function classifyAddress(input: IpAddress): AddressClass {
  const address = effectiveAddress(input);
  if (address.family === 4) return lookup(IPV4, address) ?? 'public';
  // Translated and tunnelled forms are only as public as the IPv4 address inside them.
  if (networkContains(NAT64, address)) {
    return classifyAddress(embeddedIpv4(address, 12));
  }
  if (networkContains(SIX_TO_FOUR, address)) {
    return classifyAddress(embeddedIpv4(address, 2));
  }
  const listed = lookup(IPV6, address);
  if (listed !== undefined) return listed;
  // Outside 2000::/3 nothing is allocated for global unicast.
  return networkContains(GLOBAL_UNICAST, address) ? 'public' : 'reserved';
}
