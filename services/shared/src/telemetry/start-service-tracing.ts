import { isHarborhookError } from '../errors.ts';
import { startTracing } from './tracing.ts';

/**
 * A service's first step: tracing as the OTEL_* variables say, or exit 2 with the problems
 * listed, as a bad configuration does elsewhere.
 */
export async function startServiceTracing(service: string): Promise<void> {
  try {
    await startTracing(`harborhook-${service}`, process.env);
  } catch (err) {
    if (!isHarborhookError(err)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(2);
  }
}
