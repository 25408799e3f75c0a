import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as its bytes: 4 for IPv4, 16 for IPv6. */
export interface IpAddress {
  family: 4 | 6;
  bytes: readonly number[];
}

/**
 * Parses an IP literal in its plain spelling: dotted-decimal IPv4, or IPv6 without brackets
 * (an IPv4 tail such as `::ffff:127.0.0.1` is allowed; a `%zone` is ignored). Other IPv4
 * spellings (`127.1`, `0177.0.0.1`, `2130706433`) are not addresses here: the WHATWG URL
 * parser turns them into dotted decimal before anything is checked.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { family: 4, bytes: text.split('.').map(Number) };
  const address = text.split('%')[0] ?? '';
  if (!isIPv6(address)) return undefined;
  return { family: 6, bytes: ipv6Bytes(address) };
}

function ipv6Bytes(text: string): number[] {
  const [head = '', tail] = text.split('::');
  const groups = (part: string): number[] => part === '' ? [] : part.split(':').flatMap((group) =>
    group.includes('.') ? dottedAsGroups(group) : [Number.parseInt(group, 16)]);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const zeros: number[] = new Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back].flatMap((group) => [group >> 8, group & 0xff]);
}

function dottedAsGroups(dotted: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** The IPv4 address held in bytes `from`..`from + 3` of an IPv6 address. */
export function embeddedIpv4(address: IpAddress, from: number): IpAddress {
  return { family: 4, bytes: address.bytes.slice(from, from + 4) };
}

export function formatIp(address: IpAddress): string {
  if (address.family === 4) return address.bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) {
    groups.push((((address.bytes[i] ?? 0) << 8) | (address.bytes[i + 1] ?? 0)).toString(16));
  }
  return groups.join(':');
}
