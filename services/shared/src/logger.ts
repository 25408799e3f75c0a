import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogConfig } from './config/common.ts';

export type { Logger };

/**
 * JSON lines with a fixed message and data in fields. Anything that could carry a secret, a
 * token, a signature or a payload is redacted by path, as a second wall behind the rule that
 * such values are never passed to the logger at all.
 */
const REDACTED_PATHS = [
  'secret', '*.secret', 'token', '*.token', 'payload', '*.payload', 'body', '*.body',
  'signature', '*.signature', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'headers["webhook-signature"]',
];

/** `destination` defaults to stdout; tests pass one to capture lines. */
export function createLogger(service: string, config: LogConfig,
  destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** A URL fit for a log line: scheme, host, port and path, never the query or credentials. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '[unparseable url]';
  }
}
