import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogConfig } from './config/common.ts';
import { LOG_SERIALIZERS } from './logging/serializers.ts';
import { activeTraceFields } from './logging/trace-fields.ts';

export type { Logger };
export { loggableOrigin, loggableUrl } from './logging/loggable-url.ts';

/**
 * Paths redacted whatever their value: a second wall behind the rule that such values are
 * never passed to the logger, and behind the allow-listing serializers (logging/serializers).
 */
const REDACTED_PATHS = [
  'secret', '*.secret', 'secrets', 'token', '*.token', 'payload', '*.payload', 'body', '*.body',
  'signature', '*.signature', 'authorization', '*.authorization', 'headers', '*.headers',
  'query', '*.query', 'config', 'signingKeys', '*.signingKeys', 'password', '*.password',
  'idempotencyKey', '*.idempotencyKey',
];

/**
 * JSON lines (docs/logs.md): level, time, service, a fixed message and data in fields, plus
 * the active span's trace_id and span_id. `destination` defaults to stdout; tests pass one.
 */
export function createLogger(service: string, config: LogConfig,
  destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: activeTraceFields,
    serializers: LOG_SERIALIZERS,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
