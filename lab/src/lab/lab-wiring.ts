import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { DEV_AUDIENCE, DEV_ISSUER } from '../auth/dev-keys.ts';
import type { PlatformWiring } from '../platform/service-env.ts';
import type { LinkHandle } from './lab.ts';
import type { DependencyLinkName } from './link-catalogue.ts';

const SECRET_KID = 'lab-1';

/** What differs between runtimes in how the services are wired. */
export interface LabWiringInput {
  /** The lab's database as the test process reaches it; services get it through a link. */
  databaseUrl: string;
  links: Readonly<Record<DependencyLinkName, LinkHandle>>;
  /** The JWKS file as the services see it. */
  jwksFile: string;
  apiPort: number;
  logLevel: string | undefined;
  /** Give the services each link's upstream instead of its proxy (LabOptions). */
  bypassToxiproxy?: boolean;
}

/**
 * The services' wiring, by the link each kind reaches Postgres through: one signing key set
 * and one secret encryption key for the whole lab, every dependency behind its proxy.
 */
export function labWiring(input: LabWiringInput): (link: DependencyLinkName) => PlatformWiring {
  const { links } = input;
  const address = (link: LinkHandle): string =>
    input.bypassToxiproxy === true ? link.upstream : link.listen;
  const wiring: PlatformWiring = {
    databaseUrl: input.databaseUrl,
    // Every nsqd address a service is given is a proxy, so no traffic bypasses a link
    // (unless the lab was asked to bypass them all).
    nsqdTcpAddress: address(links['worker-nsqd-tcp']),
    nsqdHttpAddress: address(links['relay-nsqd-http']),
    nsqTopic: 'harborhook_deliveries',
    jwksFile: input.jwksFile,
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    apiPort: input.apiPort,
    logLevel: input.logLevel ?? 'info',
    secretEncryptionKeys: generateEncryptionKeyEntry(SECRET_KID),
    secretEncryptionActiveKey: SECRET_KID,
  };
  return (link) => ({ ...wiring,
    databaseUrl: withHost(input.databaseUrl, address(links[link])) });
}

/** The same database URL with another host:port (the proxy's, or the server's own). */
function withHost(databaseUrl: string, host: string): string {
  const url = new URL(databaseUrl);
  url.host = host;
  return url.toString();
}
