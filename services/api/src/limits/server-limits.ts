import type { Server } from 'node:http';
import type { LimitsConfig } from './limits-config.ts';

/**
 * Limits node's HTTP parser enforces before any route runs. Too many or too large headers are
 * refused with 431 and slow ones with 408, both through the client error handler. Set on the
 * server object after it exists, so they hold however the server was created (http or https).
 */
export function applyServerLimits(server: Server, limits: Readonly<LimitsConfig>): void {
  // node reads both from the server (for each new connection, and when it starts listening);
  // @types/node omits them.
  const untyped = server as Server & { maxHeaderSize: number; connectionsCheckingInterval: number };
  untyped.maxHeaderSize = limits.maxHeaderBytes;
  // node checks the timeouts below only this often (30 s by default): a quarter of the
  // headers timeout keeps a slow client's overrun small.
  untyped.connectionsCheckingInterval = Math.min(30_000,
    Math.max(250, Math.floor(limits.headersTimeoutMs / 4)));
  // node 24 refuses a request with more header fields than this (HPE_HEADER_OVERFLOW).
  server.maxHeadersCount = limits.maxHeadersCount;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
}
