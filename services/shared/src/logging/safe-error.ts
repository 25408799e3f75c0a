/**
 * What a log line may say about an error. Every field is copied by name from an allow-list;
 * anything else an error carries (pg's `detail`, `where` and `parameters`, undici's response
 * headers and body, node's `rawPacket`, a request attached by a library) never reaches a log.
 */
export interface SafeError {
  type: string;
  /** SQLSTATE, errno name (ECONNREFUSED), undici or node code, or a WHK_ERR_ code. */
  code?: string;
  errno?: number;
  syscall?: string;
  /** Postgres severity and the schema names it reports: identifiers, never values. */
  severity?: string;
  table?: string;
  column?: string;
  constraint?: string;
  /** Only where the text is known not to quote data (see `hasSafeMessage`). */
  message?: string;
  cause?: SafeError;
}

const MAX_MESSAGE_LENGTH = 300;
const MAX_CAUSE_DEPTH = 3;
/** JavaScript's own errors, raised by a bug: V8 names code in them, not values. */
const RUNTIME_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError']);
/** Harborhook's own errors whose texts are written to name no data. */
const OWN_ERRORS = new Set(['HarborhookError', 'PublishError', 'OutboundBlockedError']);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
  severity?: unknown;
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  statusCode?: unknown;
  cause?: unknown;
}

/** The allow-listed fields of `err`, for pino's `err` serializer and the like. */
export function safeError(err: unknown, depth = 0): SafeError {
  if (typeof err !== 'object' || err === null) return { type: typeof err };
  const error = err as ErrorLike;
  const safe: SafeError = { type: typeName(err) };
  copyString(error, safe, 'code');
  if (typeof error.errno === 'number') safe.errno = error.errno;
  for (const key of ['syscall', 'severity', 'table', 'column', 'constraint'] as const) {
    copyString(error, safe, key);
  }
  if (hasSafeMessage(error) && typeof error.message === 'string') {
    safe.message = withoutQueries(error.message).slice(0, MAX_MESSAGE_LENGTH);
  }
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
    safe.cause = safeError(error.cause, depth + 1);
  }
  return safe;
}

/**
 * Messages kept: Harborhook's own platform errors (a 4xx HarborhookError describes the
 * client's input, so not those), and JavaScript's runtime errors and plain `Error`s without a
 * string code (bugs, pg's fixed connection texts such as "Connection terminated unexpectedly").
 * Dropped: anything with a SQLSTATE (pg quotes the offending value and key), an undici or node
 * code (`ERR_INVALID_ARG_VALUE` quotes the value; undici errors can carry a response), system
 * errors (the code and syscall say it all), SyntaxError (JSON.parse quotes its input) and
 * every class not named here.
 */
function hasSafeMessage(error: ErrorLike): boolean {
  const name = typeof error.name === 'string' ? error.name : '';
  if (OWN_ERRORS.has(name)) {
    return name !== 'HarborhookError' || Number(error.statusCode) >= 500;
  }
  return RUNTIME_ERRORS.has(name) && typeof error.code !== 'string'
    && typeof error.errno !== 'number';
}

/** The class name (pg's DatabaseError names itself 'error'), else the `name` property. */
function typeName(err: object): string {
  const constructorName: unknown = err.constructor?.name;
  if (typeof constructorName === 'string' && constructorName !== 'Object') return constructorName;
  const name: unknown = (err as ErrorLike).name;
  return typeof name === 'string' ? name.slice(0, 100) : 'Object';
}

function copyString<K extends 'code' | 'syscall' | 'severity' | 'table' | 'column'
  | 'constraint'>(from: ErrorLike, to: SafeError, key: K): void {
  const value = from[key];
  if (typeof value === 'string' && value.length <= 100) to[key] = value;
}

/** A URL quoted in a message loses its query and fragment, in case a library quoted one. */
function withoutQueries(message: string): string {
  return message.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"']*)[?#][^\s"']*/gi, '$1?[redacted]');
}
