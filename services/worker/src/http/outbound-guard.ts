import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import type { AddressClass } from '@harborhook/shared/net/address-class';
import type { IpNetwork } from '@harborhook/shared/net/ip-network';
import { checkOutboundAddress } from '@harborhook/shared/net/outbound-policy';

export const OUTBOUND_BLOCKED_CODE = 'ERR_HARBORHOOK_OUTBOUND_BLOCKED';

/** A connection refused by the SSRF guard; the attempt is classed `ssrf_blocked`. */
export class OutboundBlockedError extends Error {
  readonly code = OUTBOUND_BLOCKED_CODE;
  readonly address: string;
  readonly addressClass: AddressClass;

  constructor(address: string, addressClass: AddressClass) {
    super(`outbound connection refused: ${address} is ${addressClass}`);
    this.name = 'OutboundBlockedError';
    this.address = address;
    this.addressClass = addressClass;
  }
}

function refusal(address: string, allowed: readonly IpNetwork[]):
  OutboundBlockedError | undefined {
  const verdict = checkOutboundAddress(address, allowed);
  return verdict.allowed ? undefined : new OutboundBlockedError(address, verdict.addressClass);
}

/**
 * A `lookup` for net/tls.connect that resolves the name once and checks every address it got:
 * one refused address refuses the name, so a name cannot mix a public address with an
 * internal one. The socket connects to the addresses checked here, never to a second answer.
 */
export function guardedLookup(allowed: readonly IpNetwork[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) {
        callback(err, '');
        return;
      }
      for (const { address } of addresses) {
        const refused = refusal(address, allowed);
        if (refused !== undefined) {
          callback(refused, '');
          return;
        }
      }
      const first = addresses[0];
      if (options.all === true || first === undefined) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * undici's connector with the SSRF guard in front: IP literals (which node never looks up) are
 * checked here, names through `guardedLookup`. `options` are undici's own connect options.
 */
export function guardedConnector(allowed: readonly IpNetwork[],
  options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: guardedLookup(allowed) });
  return (target, callback) => {
    const refused = isIP(target.hostname) === 0 ? undefined : refusal(target.hostname, allowed);
    if (refused !== undefined) {
      callback(refused, null);
      return;
    }
    connect(target, callback);
  };
}
