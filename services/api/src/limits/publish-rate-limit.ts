import type { FastifyReply } from 'fastify';
import { HarborhookError } from '@harborhook/shared/errors';
import type { LimitsConfig } from './limits-config.ts';
import { TokenBuckets, type Clock } from './token-buckets.ts';

/** Takes `count` publishes from a tenant's allowance, or throws 429 with Retry-After set. */
export type PublishRateLimit = (tenantId: string, count: number, reply: FastifyReply) => void;

/**
 * The per-tenant publish limit, one token bucket per tenant in this api process: N api
 * processes together allow N times the configured rate. A refused request takes no tokens
 * and is refused before anything is stored.
 */
export function createPublishRateLimit(limits: Readonly<LimitsConfig>, now?: Clock):
  PublishRateLimit {
  if (limits.publishRatePerSecond === 0) return () => undefined;
  const buckets = new TokenBuckets(limits.publishRatePerSecond, limits.publishBurst, now);
  return (tenantId, count, reply) => {
    const taken = buckets.take(tenantId, count);
    if (taken.allowed) return;
    void reply.header('retry-after', String(taken.retryAfterSeconds));
    throw new HarborhookError('WHK_ERR_RATE_LIMITED',
      `this tenant publishes faster than the api allows; retry in ${taken.retryAfterSeconds} s`);
  };
}
