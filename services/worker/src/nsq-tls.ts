import { loadTlsMaterial, type TlsFiles } from '@harborhook/shared/config/tls-files';

/**
 * nsqjs Reader options for TLS (upgraded after IDENTIFY). nsqjs hands ca, cert and key to
 * tls.connect, but @types/nsqjs 0.12 declares only `tls` and `tlsVerification`, so they are
 * typed here.
 */
export interface ReaderTlsOptions {
  tls: true;
  tlsVerification: true;
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export function readerTlsOptions(files: TlsFiles | undefined): ReaderTlsOptions | undefined {
  if (files === undefined) return undefined;
  return { tls: true, tlsVerification: true, ...loadTlsMaterial(files) };
}
