import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Pool } from '@harborhook/shared/db/pool';
import type { ApiConfig } from '../config.ts';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { errorResponses, noQuery } from '../schemas/common.ts';
import { batchBody } from '../schemas/batch.ts';
import { batchItems, type BatchItem } from '../publish/batch-items.ts';
import { publishEvent, type PublishOutcome } from '../publish/publish-event.ts';
import type { GroupCommit } from '../publish/group-commit.ts';
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
  groupCommit: GroupCommit;
  tenantId: string;
  ttlMs: number;
  log: FastifyBaseLogger;
}

type ValidItem = Extract<BatchItem, { valid: true }>;

/** One valid item's publish: group-committed, or on its own when it has an Idempotency-Key. */
async function publishOne(item: ValidItem, context: PublishContext): Promise<PublishOutcome> {
  if (item.idempotencyKey === undefined) {
    return await context.groupCommit.publish(context.tenantId, item.type, item.payload);
  }
  return await publishEvent(context.pool, {
    tenantId: context.tenantId, type: item.type, payload: item.payload,
    idempotencyKey: item.idempotencyKey, idempotencyKeyTtlMs: context.ttlMs,
  });
}

/** An item's outcome or failure as its result; its failure is its own, not the batch's. */
async function itemResult(item: ValidItem, publishing: Promise<PublishOutcome>,
  context: PublishContext): Promise<ItemResult> {
  try {
    const outcome = await publishing;
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

/**
 * Items in request order. Those without an Idempotency-Key all join group commits at once
 * (usually one transaction for the lot); keyed ones run one after another.
 */
async function publishAll(items: readonly BatchItem[], context: PublishContext):
  Promise<ItemResult[]> {
  const grouped = items.map((item) => item.valid && item.idempotencyKey === undefined
    ? publishOne(item, context) : undefined);
  // Each promise gets its handler now, so a failure is never unhandled while others wait.
  const groupedResults = items.map((item, i) => {
    const publishing = grouped[i];
    return publishing === undefined || !item.valid ? undefined
      : itemResult(item, publishing, context);
  });
  const results: ItemResult[] = [];
  let outage: ItemResult['error'];
  for (const [i, item] of items.entries()) {
    let result: ItemResult;
    if (!item.valid) {
      result = { index: item.index, status: 'rejected',
        error: { code: 'WHK_ERR_REQUEST_INVALID', message: item.message } };
    } else if (groupedResults[i] !== undefined) {
      result = await groupedResults[i];
    } else if (outage !== undefined) {
      // Once the database is unreachable, the rest would each wait out the connect timeout.
      result = { index: item.index, status: 'rejected', error: outage };
    } else {
      result = await itemResult(item, publishOne(item, context), context);
    }
    if (result.error?.code === 'WHK_ERR_DEPENDENCY_UNAVAILABLE') outage = result.error;
    results.push(result);
  }
  return results;
}

/** `POST /v1/events/batch`: up to 100 events, each accepted or rejected on its own. */
export function publishBatchRoute(app: FastifyInstance, pool: Pool, groupCommit: GroupCommit,
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
    const context = { pool, groupCommit,
      tenantId: tenantOf(request), ttlMs: config.idempotencyKeyTtlMs,
      log: request.log };
    const results = await publishAll(items, context);
    for (const result of results) {
      if (result.status === 'accepted') countStored(metrics, result.deliveryCount ?? 0);
    }
    return { results };
  });
}
