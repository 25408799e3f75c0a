import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every name a loopback server answers to; clients verify the one they dialled. */
const LOOPBACK_SAN = 'IP:127.0.0.1,IP:::1,DNS:localhost';

/**
 * The Postgres user every service connects as. With `clientcert=verify-full`, Postgres demands
 * that a client certificate's CN equal that user, so the services' client certificates carry it.
 */
export const DATABASE_USER = 'harborhook';

export const SERVER_NAMES = ['api', 'postgres', 'nsqd'] as const;
/** `operator` is for whoever calls the api (harborctl, curl, tests). */
export const CLIENT_NAMES = ['api', 'relay', 'worker', 'operator'] as const;

export interface CertificatePair {
  certFile: string;
  keyFile: string;
}

export interface DevCertificates {
  dir: string;
  caFile: string;
  servers: Record<(typeof SERVER_NAMES)[number], CertificatePair>;
  clients: Record<(typeof CLIENT_NAMES)[number], CertificatePair>;
}

export interface DevCertificateOptions {
  /** Make a new CA even if the folder has one; otherwise an existing CA signs the new leaves. */
  newCa?: boolean;
  /** Validity of the leaf certificates, in days. */
  days?: number;
}

/** Where each file of a certificate folder lives; nothing is created. */
export function devCertificatePaths(dir: string): DevCertificates {
  const pair = (name: string): CertificatePair =>
    ({ certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) });
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    servers: { api: pair('server-api'), postgres: pair('server-postgres'),
      nsqd: pair('server-nsqd') },
    clients: { api: pair('client-api'), relay: pair('client-relay'),
      worker: pair('client-worker'), operator: pair('client-operator') },
  };
}

/**
 * A development CA and, signed by it, a server certificate for the api, Postgres and nsqd
 * (valid for 127.0.0.1, ::1 and localhost) and a client certificate for each service. Private
 * keys are P-256, written 0600. Uses the openssl command line; node:crypto cannot sign X.509.
 */
export async function makeDevCertificates(dir: string,
  options: DevCertificateOptions = {}): Promise<DevCertificates> {
  const paths = devCertificatePaths(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const caKey = join(dir, 'ca.key');
  if (options.newCa === true || !await exists(caKey) || !await exists(paths.caFile)) {
    await makeCa(paths.caFile, caKey);
  }
  const days = options.days ?? 90;
  for (const name of SERVER_NAMES) {
    await issue(dir, paths.servers[name], { caFile: paths.caFile, caKey, days,
      subject: `/O=Harborhook development/CN=harborhook-${name}`,
      extensions: ['extendedKeyUsage=serverAuth', `subjectAltName=${LOOPBACK_SAN}`] });
  }
  for (const name of CLIENT_NAMES) {
    const cn = name === 'operator' ? 'harborhook-operator' : DATABASE_USER;
    await issue(dir, paths.clients[name], { caFile: paths.caFile, caKey, days,
      subject: `/O=Harborhook development/OU=${name}/CN=${cn}`,
      extensions: ['extendedKeyUsage=clientAuth'] });
  }
  return paths;
}

async function makeCa(certFile: string, keyFile: string): Promise<void> {
  await openssl(['req', '-x509', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '365', '-sha256',
    '-subj', '/O=Harborhook development/CN=Harborhook development CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash']);
  await chmod(keyFile, 0o600);
}

interface IssueOptions {
  caFile: string;
  caKey: string;
  days: number;
  subject: string;
  extensions: string[];
}

async function issue(dir: string, pair: CertificatePair, options: IssueOptions): Promise<void> {
  const csr = `${pair.certFile}.csr`;
  const extFile = `${pair.certFile}.ext`;
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-keyout', pair.keyFile, '-out', csr, '-subj', options.subject]);
  await chmod(pair.keyFile, 0o600);
  await writeFile(extFile, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
    ...options.extensions,
  ].join('\n') + '\n');
  try {
    // A random positive serial: no serial file to keep, and reissues never collide.
    const serial = `0x${(randomBytes(16)[0]! & 0x7f).toString(16).padStart(2, '0')}`
      + randomBytes(15).toString('hex');
    await openssl(['x509', '-req', '-in', csr, '-CA', options.caFile, '-CAkey', options.caKey,
      '-set_serial', serial, '-days', String(options.days), '-sha256', '-extfile', extFile,
      '-out', pair.certFile], dir);
  } finally {
    await rm(csr, { force: true });
    await rm(extFile, { force: true });
  }
}

async function openssl(args: string[], cwd?: string): Promise<void> {
  try {
    await run('openssl', args, cwd === undefined ? {} : { cwd });
  } catch (err) {
    const { stderr, code } = err as { stderr?: string; code?: string | number };
    if (code === 'ENOENT') throw new Error('openssl is not installed; it makes the certificates');
    throw new Error(`openssl ${args[0]} failed: ${String(stderr ?? err).slice(-1000)}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return await access(path).then(() => true, () => false);
}
