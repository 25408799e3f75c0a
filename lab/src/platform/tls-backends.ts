import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { migrate } from '@harborhook/shared/db/migrate';
import { createPool } from '@harborhook/shared/db/pool';
import { createLogger } from '@harborhook/shared/logger';
import { Nsqd } from '../env/nsqd.ts';
import { Postgres } from '../env/postgres.ts';
import { makeDevCertificates, type CertificatePair, type DevCertificates }
  from '../tls/dev-certificates.ts';
import type { Env } from './service-env.ts';

/**
 * Postgres and nsqd that accept only TLS with verified client certificates, a migrated database
 * on that Postgres, and the certificates for every link. The shared test Postgres serves plain
 * connections, so a TLS platform brings its own.
 */
export interface TlsBackends {
  certs: DevCertificates;
  postgres: Postgres;
  nsqd: Nsqd;
  databaseUrl: string;
}

export async function startTlsBackends(dir: string): Promise<TlsBackends> {
  const certs = await makeDevCertificates(join(dir, 'tls'));
  const postgres = await Postgres.start({ durable: false,
    tls: { caFile: certs.caFile, ...certs.servers.postgres } });
  try {
    const databaseUrl = await postgres.createDatabase(`t_${randomBytes(6).toString('hex')}`);
    const pool = createPool({ url: databaseUrl, poolMax: 1, connectTimeoutMs: 5_000,
      statementTimeoutMs: 60_000, tls: { caFile: certs.caFile, ...certs.clients.api } },
    createLogger('test', { level: 'warn' }), 'harborhook-test-migrate');
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    const nsqd = await Nsqd.start({ tls: { caFile: certs.caFile, ...certs.servers.nsqd } });
    return { certs, postgres, nsqd, databaseUrl };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}

function tlsEnv(prefix: string, caFile: string, client: CertificatePair): Env {
  return {
    [`${prefix}_CA_FILE`]: caFile,
    [`${prefix}_CERT_FILE`]: client.certFile,
    [`${prefix}_KEY_FILE`]: client.keyFile,
  };
}

/** Each service's TLS settings, as an operator would set them: only environment variables. */
export function tlsServiceEnv(certs: DevCertificates, nsqdHttpsAddress: string):
  { api: Env; relay: Env; worker: Env } {
  const { caFile, servers, clients } = certs;
  return {
    api: {
      ...tlsEnv('DATABASE_TLS', caFile, clients.api),
      API_TLS_CERT_FILE: servers.api.certFile,
      API_TLS_KEY_FILE: servers.api.keyFile,
      API_TLS_CLIENT_CA_FILE: caFile,
    },
    relay: {
      ...tlsEnv('DATABASE_TLS', caFile, clients.relay),
      ...tlsEnv('NSQD_TLS', caFile, clients.relay),
      NSQD_HTTPS_ADDRESS: nsqdHttpsAddress,
    },
    worker: {
      ...tlsEnv('DATABASE_TLS', caFile, clients.worker),
      ...tlsEnv('NSQD_TLS', caFile, clients.worker),
    },
  };
}

/** Node TLS client options for one client certificate of the set. */
export function clientTlsOptions(certs: DevCertificates, client: keyof DevCertificates['clients'])
  : { ca: Buffer; cert: Buffer; key: Buffer } {
  const pair = certs.clients[client];
  return { ca: readFileSync(certs.caFile), cert: readFileSync(pair.certFile),
    key: readFileSync(pair.keyFile) };
}

/** Platform options with each service's TLS settings under the test's own overrides. */
export function withTlsEnv<T extends { api?: Env; relay?: Env; worker?: Env }>(options: T,
  backends: TlsBackends): T {
  const env = tlsServiceEnv(backends.certs, backends.nsqd.httpsAddress);
  return { ...options, api: { ...env.api, ...options.api },
    relay: { ...env.relay, ...options.relay }, worker: { ...env.worker, ...options.worker } };
}
