import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import type { Message } from 'nsqjs';
import { databaseAnswers } from '@harborhook/shared/db/database-answers';
import { createPool } from '@harborhook/shared/db/pool';
import { createLogger, type Logger } from '@harborhook/shared/logger';
import { startMetricsServer } from '@harborhook/shared/metrics/metrics-server';
import { registerPoolMetrics } from '@harborhook/shared/metrics/pool-metrics';
import { createServiceRegistry } from '@harborhook/shared/metrics/registry';
import type { Registry } from 'prom-client';
import type { WorkerConfig } from './config.ts';
import { DeliveryHandler } from './delivery-handler.ts';
import { EndpointCircuits } from './endpoint-circuits.ts';
import { EndpointSlots } from './endpoint-slots.ts';
import { WebhookSender } from './http/webhook-sender.ts';
import { processMessage } from './message-processor.ts';
import { registerCircuitGauge } from './metrics/circuit-gauge.ts';
import { createWorkerMetrics } from './metrics/worker-metrics.ts';
import { NsqConsumer } from './nsq-consumer.ts';

// After the grace period, aborted attempts get this long to give their deliveries back.
const ABORT_SETTLE_MS = 5_000;

export interface Worker {
  /** Base URL of /metrics, /healthz and /readyz. */
  metricsUrl: string;
  registry: Registry;
  /**
   * Takes no more messages, lets attempts in flight finish within SHUTDOWN_GRACE (then aborts
   * them and gives their deliveries back), and closes the reader, the HTTP pools and the pool.
   */
  stop(): Promise<void>;
}

export async function startWorker(config: Readonly<WorkerConfig>,
  options: { logger?: Logger } = {}): Promise<Worker> {
  const logger = options.logger ?? createLogger('worker', config.log);
  const pool = createPool(config.database, logger, 'harborhook-worker',
    { genericPlans: true });
  const registry = createServiceRegistry('worker');
  const sender = new WebhookSender({ connectTimeoutMs: config.connectTimeoutMs,
    deliveryTimeoutMs: config.deliveryTimeoutMs, captureBytes: config.responseCaptureBytes,
    allowedNetworks: config.outboundAllowedNetworks });
  const abort = new AbortController();
  const circuits = new EndpointCircuits(config.circuits);
  registerCircuitGauge(registry, circuits);
  const handler = new DeliveryHandler({ pool, sender, logger, config, circuits,
    slots: new EndpointSlots(config.endpointConcurrency), stopSignal: abort.signal,
    metrics: createWorkerMetrics(registry) });
  registerPoolMetrics(registry, pool, () => handler.queuedStatements);

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const onMessage = (message: Message): void => {
    // Left unfinished on purpose: nsqd hands it to another worker once this one disconnects.
    if (stopping) return;
    const work = processMessage(message, handler, logger, config.nsq)
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  const consumer = new NsqConsumer({ nsq: config.nsq, maxInFlight: config.concurrency,
    reconnectIntervalMs: config.nsqReconnectIntervalMs,
    outputBufferTimeoutMs: config.nsqOutputBufferTimeoutMs, logger, onMessage });
  // Ready only when both the database answers and the reader can receive work.
  const metrics = await startMetricsServer({ config: config.metrics, registry,
    ready: async () => consumer.connected && await databaseAnswers(pool),
  }).catch(async (err: unknown) => {
    await sender.close();
    await pool.end();
    throw err;
  });
  consumer.start();
  logger.info({ topic: config.nsq.topic, channel: config.nsq.channel,
    concurrency: config.concurrency, metrics: metrics.url }, 'worker started');

  let stopped: Promise<void> | undefined;
  return {
    metricsUrl: metrics.url,
    registry,
    stop: () => stopped ??= (async () => {
      stopping = true;
      consumer.pause();
      if (!await drain(inFlight, config.shutdownGraceMs)) {
        logger.warn({ inFlight: inFlight.size }, 'shutdown grace over; aborting attempts');
        abort.abort();
        await drain(inFlight, ABORT_SETTLE_MS);
      }
      // Let the last FINs reach the socket before it closes.
      await nextTurn();
      consumer.close();
      await sender.close();
      await metrics.close();
      await pool.end();
      logger.info('worker stopped');
    })(),
  };
}

/** Whether everything in flight settled within `ms`. */
async function drain(inFlight: ReadonlySet<Promise<void>>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  const settled = Promise.allSettled([...inFlight]).then(() => true);
  const expired = delay(ms, false, { signal: timeout.signal }).catch(() => false);
  const result = await Promise.race([settled, expired]);
  timeout.abort();
  return result;
}
