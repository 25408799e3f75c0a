import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import type { ApiConfig } from '../config.ts';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { errorResponses, noQuery } from '../schemas/common.ts';
import { batchBody } from '../schemas/batch.ts';
import { batchItems, type BatchItem } from '../publish/batch-items.ts';
import { publishEvent } from '../publish/publish-event.ts';
import { toHarborhookError } from '../server/error-mapping.ts';
import type { PublishRateLimit } from '../limits/publish-rate-limit.ts';
import type { ApiMetrics } from '../metrics/api-metrics.ts';
import { countStored } from '../metrics/count-stored.ts';

interface ItemResult {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  id?: string;
  deliveryCount?: number;
  error?: { code: string; message: string };
}

interface PublishContext {
  pool: Pool;
  tenantId: string;
  ttlMs: number;
  log: FastifyBaseLogger;
}

/** Publishes one item in its own transaction; its failure is its own result, not the batch's. */
async function publishItem(item: BatchItem, context: PublishContext): Promise<ItemResult> {
  if (!item.valid) {
    return { index: item.index, status: 'rejected',
      error: { code: 'WHK_ERR_REQUEST_INVALID', message: item.message } };
  }
  try {
    const outcome = await publishEvent(context.pool, {
      tenantId: context.tenantId, type: item.type, payload: item.payload,
      idempotencyKey: item.idempotencyKey, idempotencyKeyTtlMs: context.ttlMs,
    });
    return { index: item.index, status: outcome.duplicate ? 'duplicate' : 'accepted',
      id: outcome.id, deliveryCount: outcome.deliveryCount };
  } catch (err) {
    const mapped = toHarborhookError(err);
    if (mapped.statusCode >= 500) {
      context.log.error({ code: mapped.code, index: item.index, err }, 'batch item failed');
    }
    return { index: item.index, status: 'rejected',
      error: { code: mapped.code, message: mapped.message } };
  }
}

/** Items in request order, each in its own transaction. */
async function publishAll(items: readonly BatchItem[], context: PublishContext):
  Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  let outage: ItemResult['error'];
  for (const item of items) {
    // Once the database is unreachable, the rest would each wait out the connect timeout.
    const result = outage !== undefined && item.valid
      ? { index: item.index, status: 'rejected' as const, error: outage }
      : await publishItem(item, context);
    if (result.error?.code === 'WHK_ERR_DEPENDENCY_UNAVAILABLE') outage = result.error;
    results.push(result);
  }
  return results;
}

/** `POST /v1/events/batch`: up to 100 events, each accepted or rejected on its own. */
export function publishBatchRoute(app: FastifyInstance, pool: Pool,
  config: Readonly<ApiConfig>, rateLimit: PublishRateLimit,
  metrics: ApiMetrics): void {
  app.post<{ Body: { events: unknown[] } }>('/v1/events/batch', {
    config: { scope: SCOPES.publish },
    bodyLimit: config.batchMaxBytes,
    // Each item is one publish, so the count is known only once the envelope is valid.
    preHandler: async (request, reply) => {
      rateLimit(tenantOf(request), request.body.events.length, reply);
    },
    schema: {
      tags: ['events'], security: [{ bearerAuth: [] }],
      summary: 'Publish up to 100 events, each on its own',
      querystring: noQuery, body: batchBody,
      response: {
        200: { description: 'One result per item, in request order',
          $ref: 'BatchResult#' },
        ...errorResponses(400, 413, 415, 429),
      },
    },
  }, async (request) => {
    if (request.jsonSource === null) throw new Error('validated batch without a JSON source');
    const items = batchItems(request.jsonSource, request.body.events);
    const context = { pool: tenantDb(pool, request),
      tenantId: tenantOf(request), ttlMs: config.idempotencyKeyTtlMs,
      log: request.log };
    const results = await publishAll(items, context);
    for (const result of results) {
      if (result.status === 'accepted') countStored(metrics, result.deliveryCount ?? 0);
    }
    return { results };
  });
}
