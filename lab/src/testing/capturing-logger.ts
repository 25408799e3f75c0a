import type { LogConfig } from '@harborhook/shared/config/common';
import { createLogger, type Logger } from '@harborhook/shared/logger';

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Everything logged, as written. */
  text(): string;
}

/**
 * A service logger (same redaction, same format) that keeps its lines in memory, so a test
 * can wait for a line ("publishing failed") and check that nothing secret was ever logged.
 */
export function capturingLogger(service: string,
  level: LogConfig['level'] = 'debug'): CapturedLog {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const logger = createLogger(service, { level }, {
    write(chunk: string): void {
      raw.push(chunk);
      lines.push(JSON.parse(chunk) as LogLine);
    },
  });
  return { logger, lines, text: () => raw.join('') };
}
