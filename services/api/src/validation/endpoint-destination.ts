import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AddressClass } from '@harborhook/shared/net/address-class';
import type { IpNetwork } from '@harborhook/shared/net/ip-network';
import {
  checkOutboundAddress, isLocalhostName, LOCALHOST_ADDRESSES,
} from '@harborhook/shared/net/outbound-policy';
import { HarborhookError } from '@harborhook/shared/errors';

/** The SSRF guard's settings at save time (the worker checks again when it connects). */
export interface DestinationPolicy {
  /** OUTBOUND_ALLOWED_NETWORKS: non-public networks endpoints may reach. */
  allowedNetworks: readonly IpNetwork[];
  /** OUTBOUND_RESOLVE_ON_SAVE: also resolve host names when an endpoint is saved. */
  resolveOnSave: boolean;
}

/** Every address a host name resolves to; injectable so tests need no DNS. */
export type Resolver = (hostname: string) => Promise<readonly string[]>;

const resolveWithSystem: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

function blocked(addressClass: AddressClass, how: string): HarborhookError {
  const kind = addressClass.replaceAll('_', ' ');
  const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
  return new HarborhookError('WHK_ERR_ENDPOINT_URL_BLOCKED',
    `body/url ${how} ${article} ${kind} address; endpoints may only reach `
    + 'public addresses (and networks the operator allows in OUTBOUND_ALLOWED_NETWORKS)');
}

function firstRefused(addresses: readonly string[], policy: DestinationPolicy):
  AddressClass | undefined {
  for (const address of addresses) {
    const verdict = checkOutboundAddress(address, policy.allowedNetworks);
    if (!verdict.allowed) return verdict.addressClass;
  }
  return undefined;
}

/**
 * Refuses an endpoint URL whose host is an IP literal or `localhost` outside the allowed
 * destinations, at once and without DNS. Other host names are resolved only when the policy
 * says so, and a name that does not resolve is let through: the worker checks the address it
 * connects to in any case. URLs that are not http(s) are left to the other URL checks.
 */
export async function checkEndpointDestination(text: string, policy: DestinationPolicy,
  resolve: Resolver = resolveWithSystem): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return;
  // WHATWG has already turned 2130706433, 0177.0.0.1 and 127.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) {
    const refused = firstRefused([host], policy);
    if (refused !== undefined) throw blocked(refused, 'points to');
    return;
  }
  if (isLocalhostName(host)) {
    // Allowed when either loopback address is: the worker connects to what the name gives.
    if (LOCALHOST_ADDRESSES.every((address) => firstRefused([address], policy) !== undefined)) {
      throw blocked('loopback', 'names');
    }
    return;
  }
  if (!policy.resolveOnSave) return;
  let addresses: readonly string[];
  try {
    addresses = await resolve(host);
  } catch {
    return;
  }
  const refused = firstRefused(addresses, policy);
  if (refused !== undefined) throw blocked(refused, 'resolves to');
}
