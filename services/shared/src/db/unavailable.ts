import { sqlState } from './sqlstate.ts';

/** Socket-level failures that mean the server could not be reached or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Messages node-postgres uses for connection failures that carry no code. */
const POOL_MESSAGES = ['timeout exceeded when trying to connect',
  'Connection terminated', 'Client has encountered a connection error'];

/**
 * True when `err` says Postgres is unreachable, restarting, overloaded or cut off, as opposed
 * to a query that Postgres refused. Callers answer such errors as "try again later".
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const state = sqlState(err);
  if (state !== undefined) {
    // 08: connection exception; 53: insufficient resources; 57P0x: shutdown or starting up.
    return state.startsWith('08') || state.startsWith('53') || state.startsWith('57P');
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  const message = err instanceof Error ? err.message : '';
  return POOL_MESSAGES.some((known) => message.startsWith(known));
}
