import type { FastifyInstance } from 'fastify';
import underPressure from '@fastify/under-pressure';
import { HarborhookError } from '@harborhook/shared/errors';
import type { LimitsConfig } from './limits-config.ts';

/**
 * Refuses requests with 503 WHK_ERR_OVERLOADED and Retry-After while the process's event loop
 * delay or memory is above a threshold, before the token is checked or the body read. Install
 * it in the /v1 scope only: health probes must keep answering an orchestrator.
 */
export async function installOverloadGuard(scope: FastifyInstance,
  limits: Readonly<LimitsConfig>): Promise<void> {
  // With every threshold off the plugin would still sample the event loop for nothing.
  if (limits.overloadMaxEventLoopDelayMs === 0 && limits.overloadMaxHeapBytes === 0
    && limits.overloadMaxRssBytes === 0) return;
  await scope.register(underPressure, {
    maxEventLoopDelay: limits.overloadMaxEventLoopDelayMs,
    maxHeapUsedBytes: limits.overloadMaxHeapBytes,
    maxRssBytes: limits.overloadMaxRssBytes,
    sampleInterval: limits.overloadSampleIntervalMs,
    // The plugin's own answer has another shape; this one goes through the error handler.
    pressureHandler: async (request, reply, type) => {
      request.log.warn({ pressure: type }, 'request refused: the api is overloaded');
      void reply.header('retry-after', String(limits.overloadRetryAfterSeconds));
      throw new HarborhookError('WHK_ERR_OVERLOADED',
        'the api is overloaded; retry after the time in Retry-After');
    },
  });
}
