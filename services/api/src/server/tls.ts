import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import type { EnvReader } from '@harborhook/shared/config/env-reader';
import { isReadableFile } from '@harborhook/shared/config/tls-files';

/** API_TLS_*: the api serves HTTPS when given a certificate. */
export interface ApiTlsConfig {
  certFile: string;
  keyFile: string;
  /** When set, every client must present a certificate signed by this CA. */
  clientCaFile?: string;
}

export function readApiTlsConfig(env: EnvReader): ApiTlsConfig | undefined {
  const certFile = env.optionalString('API_TLS_CERT_FILE');
  const keyFile = env.optionalString('API_TLS_KEY_FILE');
  const clientCaFile = env.optionalString('API_TLS_CLIENT_CA_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) {
    env.problem('API_TLS_CERT_FILE and API_TLS_KEY_FILE must be set together');
  }
  if (certFile === undefined || keyFile === undefined) {
    // Asking for client certificates over plain HTTP would silently check nothing.
    if (clientCaFile !== undefined) {
      env.problem('API_TLS_CLIENT_CA_FILE needs API_TLS_CERT_FILE and API_TLS_KEY_FILE');
    }
    return undefined;
  }
  for (const [name, path] of [['API_TLS_CERT_FILE', certFile], ['API_TLS_KEY_FILE', keyFile],
    ['API_TLS_CLIENT_CA_FILE', clientCaFile]] as const) {
    if (path !== undefined && !isReadableFile(path)) {
      env.problem(`${name} cannot be read: "${path}"`);
    }
  }
  return clientCaFile === undefined ? { certFile, keyFile } : { certFile, keyFile, clientCaFile };
}

/** Node https options; with a client CA, a handshake without a valid certificate fails. */
export function httpsServerOptions(tls: ApiTlsConfig): ServerOptions {
  const options: ServerOptions = {
    cert: readFileSync(tls.certFile),
    key: readFileSync(tls.keyFile),
    minVersion: 'TLSv1.2',
  };
  if (tls.clientCaFile !== undefined) {
    options.ca = readFileSync(tls.clientCaFile);
    options.requestCert = true;
    options.rejectUnauthorized = true;
  }
  return options;
}
