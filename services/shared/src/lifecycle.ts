import type { Logger } from './logger.ts';
import { stopTracing } from './telemetry/tracing.ts';

/**
 * Calls `stop` once on SIGTERM or SIGINT so in-flight work can finish, and exits. A second
 * signal, or a stop that outlasts `graceMs`, exits at once: at-least-once delivery means
 * unfinished work is picked up again elsewhere.
 */
export function onShutdownSignal(logger: Logger, graceMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown grace period over, exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    // Buffered spans are exported before exit, within their own limit after the grace: an
    // unreachable collector is worth a warning, not a failed stop.
    const stopped = stop().then(async () => {
      clearTimeout(timer);
      const flushed = await stopTracing();
      if (!flushed) logger.warn('spans left unexported: the collector did not answer');
    });
    stopped.then(() => process.exit(0), (err: Error) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
