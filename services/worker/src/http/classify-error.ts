import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';
import { OUTBOUND_BLOCKED_CODE } from './outbound-guard.ts';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
/** Our own mistakes (a request undici refused to build), not the receiver's. */
const INTERNAL_CODES = new Set(['UND_ERR_INVALID_ARG', 'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_URL', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_CHAR']);

function errorCode(err: unknown): string | undefined {
  const error = err as { code?: unknown; cause?: unknown } | null;
  if (typeof error?.code === 'string') return error.code;
  const cause = error?.cause as { code?: unknown } | null | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * The class of an attempt that got no HTTP status. `timedOut` is true when the attempt's own
 * total deadline fired, whatever error undici reported for it.
 */
export function classifyRequestError(err: unknown, timedOut: boolean): ErrorClass {
  if (timedOut) return 'timeout';
  const code = errorCode(err);
  if (code === undefined) return 'internal';
  if (code === OUTBOUND_BLOCKED_CODE) return 'ssrf_blocked';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (DNS_CODES.has(code)) return 'dns';
  if (INTERNAL_CODES.has(code)) return 'internal';
  // Refused, reset, closed, unreachable, TLS failures: the receiver's side of the wire.
  return 'connection';
}
