import { readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';

/** HARBORHOOK_TLS_*: PEM files for an API served over HTTPS, perhaps demanding a certificate. */
export interface ClientTlsFiles {
  /** The CA that signed the API's certificate, when the system's CAs do not know it. */
  caFile?: string;
  /** Our client certificate and its key, set together. */
  certFile?: string;
  keyFile?: string;
}

export const TLS_ENV = {
  caFile: 'HARBORHOOK_TLS_CA_FILE',
  certFile: 'HARBORHOOK_TLS_CERT_FILE',
  keyFile: 'HARBORHOOK_TLS_KEY_FILE',
} as const;

/** The files named in the environment; undefined when none is. */
export function tlsFilesFromEnv(env: Readonly<Record<string, string | undefined>>):
  ClientTlsFiles | undefined {
  const files: ClientTlsFiles = {};
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const value = env[TLS_ENV[key]];
    if (value !== undefined && value !== '') files[key] = value;
  }
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new UsageError(`${TLS_ENV.certFile} and ${TLS_ENV.keyFile} must be set together`);
  }
  return Object.keys(files).length === 0 ? undefined : files;
}

/** undici connect options: the files' contents, read now so a bad path fails before a request. */
export function tlsConnectOptions(files: ClientTlsFiles): { ca?: Buffer; cert?: Buffer;
  key?: Buffer } {
  const read = (key: keyof ClientTlsFiles): Buffer | undefined => {
    const path = files[key];
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw new UsageError(`${TLS_ENV[key]} cannot be read: "${path}" `
        + `(${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const options: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
  const ca = read('caFile');
  const cert = read('certFile');
  const key = read('keyFile');
  if (ca !== undefined) options.ca = ca;
  if (cert !== undefined) options.cert = cert;
  if (key !== undefined) options.key = key;
  return options;
}
