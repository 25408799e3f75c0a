import { Pool } from 'undici';
import type { TlsMaterial } from '@harborhook/shared/config/tls-files';

export interface NsqdHttpPoolOptions {
  connections: number;
  connectTimeoutMs: number;
  /** Longest wait for nsqd's answer headers, and between chunks of its body. */
  answerTimeoutMs: number;
}

/**
 * Keep-alive connections to one nsqd's HTTP API. With `tls`, `address` is nsqd's HTTPS address
 * and the server certificate is verified (and the client certificate presented, if any).
 */
export function createNsqdHttpPool(address: string, tls: TlsMaterial | undefined,
  options: NsqdHttpPoolOptions): Pool {
  const { connections, connectTimeoutMs, answerTimeoutMs } = options;
  return new Pool(`${tls === undefined ? 'http' : 'https'}://${address}`, {
    connections,
    connect: tls === undefined ? { timeout: connectTimeoutMs }
      : { timeout: connectTimeoutMs, ...tls, rejectUnauthorized: true },
    headersTimeout: answerTimeoutMs,
    bodyTimeout: answerTimeoutMs,
  });
}
