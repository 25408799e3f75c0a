import { performance } from 'node:perf_hooks';
import type { Pool } from '@harborhook/shared/db/pool';
import { decide, type Decision } from '@harborhook/shared/delivery/retry-policy';
import { uuidv7 } from '@harborhook/shared/ids';
import { loggableOrigin, type Logger } from '@harborhook/shared/logger';
import { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import type { WorkerConfig } from './config.ts';
import { countsAsOutage, type EndpointCircuits } from './endpoint-circuits.ts';
import type { EndpointSlots } from './endpoint-slots.ts';
import { requestHeaders } from './http/request-headers.ts';
import type { WebhookResponse, WebhookSender } from './http/webhook-sender.ts';
import { jittered } from './jitter.ts';
import { countAttempt } from './metrics/count-attempt.ts';
import type { WorkerMetrics } from './metrics/worker-metrics.ts';
import { claimDeliveries, type ClaimedDelivery } from './queries/claim-delivery.ts';
import { deferDelivery } from './queries/defer-delivery.ts';
import { recordAttempts, type AttemptRecord } from './queries/record-attempt.ts';
import { SigningKeyCache } from './signing-key-cache.ts';
import { MicroBatcher } from '@harborhook/shared/batching/micro-batcher';

export interface DeliveryHandlerOptions {
  pool: Pool;
  sender: WebhookSender;
  slots: EndpointSlots;
  circuits: EndpointCircuits;
  logger: Logger;
  config: Readonly<WorkerConfig>;
  /** Aborts attempts in flight when shutdown runs out of grace. */
  stopSignal: AbortSignal;
  metrics: WorkerMetrics;
}

interface Attempt {
  delivery: ClaimedDelivery;
  response: WebhookResponse;
  startedAt: Date;
  durationMs: number;
}

/**
 * One delivery attempt: claim, check the endpoint, take an endpoint slot, POST, record the
 * attempt and the next state. Every step is guarded in Postgres, so a duplicate message or a
 * worker that lost its lease cannot change a newer state.
 */
export class DeliveryHandler {
  readonly #options: DeliveryHandlerOptions;
  /** Messages that arrive together are claimed in one statement, attempts recorded likewise. */
  readonly #claims: MicroBatcher<string, ClaimedDelivery | undefined>;
  readonly #records: MicroBatcher<AttemptRecord, boolean>;

  constructor(options: DeliveryHandlerOptions) {
    this.#options = options;
    const keys = new SigningKeyCache(new SecretKeyring(options.config.secretEncryption));
    const { pool, config } = options;
    this.#claims = new MicroBatcher(async (ids) => {
      const claimed = await claimDeliveries(pool, keys, ids, config.attemptLeaseMs);
      return ids.map((id) => claimed.get(id));
    }, config.statementBatching);
    this.#records = new MicroBatcher(async (records) => await recordAttempts(pool, records),
      config.statementBatching);
  }

  /** Claims and attempt records waiting for a statement slot (in front of the pool). */
  get queuedStatements(): number {
    return this.#claims.waiting + this.#records.waiting;
  }

  async handle(deliveryId: string): Promise<void> {
    const { slots, config, logger } = this.#options;
    const delivery = await this.#claims.submit(deliveryId);
    if (delivery === undefined) {
      logger.info({ deliveryId }, 'delivery is not queued; duplicate or stale message ignored');
      return;
    }
    if (!delivery.endpointActive) {
      await this.#record(disabledAttempt(delivery));
      return;
    }
    const admission = this.#options.circuits.admit(delivery.endpointId, Date.now());
    if (!admission.admitted) {
      // The endpoint is down: wait out its circuit without spending an attempt.
      this.#options.metrics.endpointDeferrals.labels('circuit_open').inc();
      await this.#giveBack(delivery,
        jittered(Math.max(admission.retryInMs, config.endpointDeferMs)), 'circuit open');
      return;
    }
    if (!await slots.acquire(delivery.endpointId, config.endpointSlotWaitMs,
      this.#options.stopSignal)) {
      if (admission.probe) this.#options.circuits.abandonProbe(delivery.endpointId);
      this.#options.metrics.endpointDeferrals.labels('busy').inc();
      await this.#giveBack(delivery, jittered(config.endpointDeferMs), 'endpoint busy');
      return;
    }
    let attempt: Attempt;
    this.#options.metrics.inFlight.inc();
    try {
      attempt = await this.#attempt(delivery);
    } finally {
      this.#options.metrics.inFlight.dec();
      slots.release(delivery.endpointId);
    }
    this.#updateCircuit(attempt);
    if (attempt.response.interrupted) {
      await this.#giveBack(delivery, 0, 'attempt cut short by shutdown');
      return;
    }
    await this.#record(attempt);
  }

  /** Only a request that reached for the receiver tells whether it is up. */
  #updateCircuit(attempt: Attempt): void {
    const { circuits } = this.#options;
    const { errorClass, interrupted } = attempt.response;
    if (interrupted || errorClass === 'internal') {
      circuits.abandonProbe(attempt.delivery.endpointId);
      return;
    }
    const { endpointId } = attempt.delivery;
    const change = circuits.record(endpointId, countsAsOutage(errorClass), Date.now());
    if (change?.change === 'opened') {
      this.#options.logger.warn({ endpointId, openMs: change.openMs,
        consecutiveFailures: change.failures, errorClass },
      'endpoint circuit opened; its deliveries wait without attempts');
    } else if (change?.change === 'closed') {
      this.#options.logger.info({ endpointId }, 'endpoint circuit closed');
    }
  }

  async #attempt(delivery: ClaimedDelivery): Promise<Attempt> {
    const startedAt = new Date();
    const started = performance.now();
    if (delivery.keyProblem !== undefined) {
      // Never sent unsigned: the attempt fails as internal and follows the retry schedule.
      this.#options.logger.error({ deliveryId: delivery.id, eventId: delivery.eventId,
        endpointId: delivery.endpointId, attemptNumber: delivery.attemptNumber,
        reason: delivery.keyProblem }, 'cannot sign the delivery; nothing was sent');
      return { delivery, response: unsignedResponse(), startedAt, durationMs: 0 };
    }
    const headers = requestHeaders({
      customHeaders: delivery.headers, signingKeys: delivery.signingKeys,
      webhookId: delivery.eventId,
      deliveryId: delivery.id, attemptNumber: delivery.attemptNumber,
      timestamp: Math.floor(startedAt.getTime() / 1000), body: delivery.payload,
    });
    const response = await this.#options.sender.send(
      { url: delivery.url, headers, body: delivery.payload }, this.#options.stopSignal);
    return { delivery, response, startedAt, durationMs: Math.round(performance.now() - started) };
  }

  /** Puts a claimed delivery back without counting the attempt. */
  async #giveBack(delivery: ClaimedDelivery, delayMs: number, reason: string): Promise<void> {
    const putBack = await deferDelivery(this.#options.pool, delivery.id,
      delivery.attemptNumber, delayMs);
    this.#options.logger.debug({ deliveryId: delivery.id, eventId: delivery.eventId,
      endpointId: delivery.endpointId, delayMs, putBack, reason }, 'delivery given back');
  }

  async #record(attempt: Attempt): Promise<void> {
    const { delivery, response } = attempt;
    const { config } = this.#options;
    const decision = decide(config.retryPolicy, delivery.attemptNumber, response, Date.now());
    const retryDelayMs = decision.outcome === 'retry' ? decision.delayMs : 0;
    try {
      const moved = await this.#records.submit({
        attemptId: uuidv7(), deliveryId: delivery.id, tenantId: delivery.tenantId,
        attemptNumber: delivery.attemptNumber, startedAt: attempt.startedAt,
        durationMs: attempt.durationMs, statusCode: response.statusCode,
        errorClass: response.errorClass, responseBodyPrefix: response.bodyPrefix,
        outcome: decision.outcome, retryDelayMs,
      });
      this.#logOutcome(attempt, decision, moved);
      countAttempt(this.#options.metrics, { attemptNumber: delivery.attemptNumber,
        errorClass: response.errorClass, createdAt: delivery.createdAt,
        startedAt: attempt.startedAt, durationMs: attempt.durationMs, decision, moved });
    } catch (err) {
      this.#options.logger.error({ ...this.#fields(attempt), err },
        'could not record the attempt; the attempt lease will expire and the delivery retry');
    }
  }

  #logOutcome(attempt: Attempt, decision: Decision, moved: boolean): void {
    const { logger } = this.#options;
    const fields = { ...this.#fields(attempt), outcome: decision.outcome,
      retryInMs: decision.outcome === 'retry' ? decision.delayMs : undefined };
    if (!moved) logger.warn(fields, 'attempt recorded, but the lease was lost meanwhile');
    else if (attempt.response.blocked !== undefined) {
      // Operators see which address was refused; the tenant sees only the error class.
      logger.warn({ ...fields, blocked: attempt.response.blocked },
        'delivery dead: the SSRF guard refused the address the endpoint resolves to');
    } else if (decision.outcome === 'dead') logger.warn(fields, 'delivery dead');
    else if (decision.outcome === 'retry') logger.info(fields, 'attempt failed; retry scheduled');
    else logger.debug(fields, 'delivered');
  }

  #fields(attempt: Attempt): Record<string, unknown> {
    const { delivery, response } = attempt;
    return {
      deliveryId: delivery.id, eventId: delivery.eventId, endpointId: delivery.endpointId,
      tenantId: delivery.tenantId, attemptNumber: delivery.attemptNumber,
      endpointOrigin: loggableOrigin(delivery.url),
      statusCode: response.statusCode, errorClass: response.errorClass,
      durationMs: attempt.durationMs,
    };
  }
}

/** No usable signing key: an attempt that failed before any HTTP request. */
function unsignedResponse(): WebhookResponse {
  return { statusCode: undefined, errorClass: 'internal', retryAfter: undefined,
    bodyPrefix: undefined, interrupted: false };
}

/** A disabled or deleted endpoint: the delivery ends dead without an HTTP request. */
function disabledAttempt(delivery: ClaimedDelivery): Attempt {
  return {
    delivery,
    response: { statusCode: undefined, errorClass: 'endpoint_disabled', retryAfter: undefined,
      bodyPrefix: undefined, interrupted: false },
    startedAt: new Date(),
    durationMs: 0,
  };
}
