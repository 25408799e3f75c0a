import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader.ts';

/** PEM files of one TLS link: the CA that signs the server, and our client certificate. */
export interface TlsFiles {
  caFile: string;
  /** Client certificate and key, set together; absent when the server asks for none. */
  certFile?: string;
  keyFile?: string;
}

/** The files' contents, read when a connection pool or client is created. */
export interface TlsMaterial {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Reads `<prefix>_CA_FILE`, `<prefix>_CERT_FILE` and `<prefix>_KEY_FILE`. TLS is on when the CA
 * file is set: a link that encrypts without verifying the server would only look safe. Each file
 * must be readable now, so a typo fails at start rather than at the first connection.
 */
export function readTlsFiles(env: EnvReader, prefix: string): TlsFiles | undefined {
  const caFile = env.optionalString(`${prefix}_CA_FILE`);
  const certFile = env.optionalString(`${prefix}_CERT_FILE`);
  const keyFile = env.optionalString(`${prefix}_KEY_FILE`);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    env.problem(`${prefix}_CERT_FILE and ${prefix}_KEY_FILE must be set together`);
  }
  if (caFile === undefined) {
    if (certFile !== undefined || keyFile !== undefined) {
      env.problem(`${prefix}_CA_FILE is required with a client certificate: the CA that `
        + 'signed the server certificate');
    }
    return undefined;
  }
  for (const [name, path] of [['CA_FILE', caFile], ['CERT_FILE', certFile],
    ['KEY_FILE', keyFile]] as const) {
    if (path !== undefined && !isReadableFile(path)) {
      env.problem(`${prefix}_${name} cannot be read: "${path}"`);
    }
  }
  return certFile !== undefined && keyFile !== undefined
    ? { caFile, certFile, keyFile } : { caFile };
}

export function loadTlsMaterial(files: TlsFiles): TlsMaterial {
  const material: TlsMaterial = { ca: readFileSync(files.caFile) };
  if (files.certFile !== undefined && files.keyFile !== undefined) {
    material.cert = readFileSync(files.certFile);
    material.key = readFileSync(files.keyFile);
  }
  return material;
}

/** Whether the file can be read now (it exists and its permissions let us). */
export function isReadableFile(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}
