import { orExit } from '../config/or-exit.ts';
import { startTracing } from './tracing.ts';

/**
 * A service's first step: tracing as the OTEL_* variables say, or exit 2 with the problems
 * listed, as a bad configuration does elsewhere.
 */
export async function startServiceTracing(service: string): Promise<void> {
  await orExit(service, () => startTracing(`harborhook-${service}`, process.env));
}
