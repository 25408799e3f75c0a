import { loadTlsMaterial } from '@harborhook/shared/config/tls-files';
import { databaseAnswers } from '@harborhook/shared/db/database-answers';
import { createPool } from '@harborhook/shared/db/pool';
import { createLogger, type Logger } from '@harborhook/shared/logger';
import { startMetricsServer } from '@harborhook/shared/metrics/metrics-server';
import { registerPoolMetrics } from '@harborhook/shared/metrics/pool-metrics';
import { createServiceRegistry } from '@harborhook/shared/metrics/registry';
import type { Registry } from 'prom-client';
import type { RelayConfig } from './config.ts';
import { Housekeeping } from './housekeeping.ts';
import { NsqPublisher } from './nsq-publisher.ts';
import { NsqStatsReader } from './nsq-stats.ts';
import { PublishLoop } from './publish-loop.ts';
import { registerBacklogGauges } from './metrics/backlog-gauges.ts';
import { registerNsqGauges } from './metrics/nsq-gauges.ts';
import { createRelayMetrics } from './metrics/relay-metrics.ts';

export interface Relay {
  /** Base URL of /metrics, /healthz and /readyz. */
  metricsUrl: string;
  registry: Registry;
  /** Finishes the batch in progress, then closes the nsqd connections and the pool. */
  stop(): Promise<void>;
}

/**
 * Starts the publish loop and housekeeping. Neither the database nor nsqd has to be up: both
 * loops log, back off and keep trying, so the relay never crashes on an outage.
 */
export async function startRelay(config: Readonly<RelayConfig>,
  options: { logger?: Logger } = {}): Promise<Relay> {
  const logger = options.logger ?? createLogger('relay', config.log);
  const pool = createPool(config.database, logger, 'harborhook-relay',
    { genericPlans: true });
  const registry = createServiceRegistry('relay');
  registerPoolMetrics(registry, pool);
  registerBacklogGauges(registry, pool);
  const relayMetrics = createRelayMetrics(registry);
  const { tls, httpsAddress } = config.nsq;
  const nsqdAddress = tls === undefined ? config.nsq.httpAddress : httpsAddress ?? '';
  const tlsMaterial = tls === undefined ? undefined : loadTlsMaterial(tls);
  const nsqStats = new NsqStatsReader(nsqdAddress, config.nsq.topic, tlsMaterial);
  registerNsqGauges(registry, nsqStats, config.nsq.channel);
  const metrics = await startMetricsServer({ config: config.metrics, registry,
    ready: async () => await databaseAnswers(pool) }).catch(async (err: unknown) => {
    await nsqStats.close();
    await pool.end();
    throw err;
  });
  const publisher = new NsqPublisher(nsqdAddress, config.nsq.topic, tlsMaterial);
  // Only a courtesy: mpub creates a missing topic too, so a failure here is not fatal.
  await publisher.ensureTopic().catch((err: unknown) => {
    logger.error({ err }, 'could not create the NSQ topic at startup');
  });

  const publishLoop = new PublishLoop({ pool, publisher, logger, topic: config.nsq.topic,
    batchSize: config.batchSize, pollIntervalMs: config.pollIntervalMs,
    queuedLeaseMs: config.queuedLeaseMs, metrics: relayMetrics });
  const housekeeping = new Housekeeping({ pool, logger,
    intervalMs: config.housekeepingIntervalMs, batchSize: config.batchSize,
    metrics: relayMetrics });
  publishLoop.start();
  housekeeping.start();
  logger.info({ topic: config.nsq.topic, nsqd: nsqdAddress, tls: tls !== undefined,
    batchSize: config.batchSize, metrics: metrics.url }, 'relay started');

  let stopped: Promise<void> | undefined;
  return {
    metricsUrl: metrics.url,
    registry,
    stop: () => stopped ??= (async () => {
      await Promise.all([publishLoop.stop(), housekeeping.stop()]);
      await publisher.close();
      await metrics.close();
      await nsqStats.close();
      await pool.end();
      logger.info('relay stopped');
    })(),
  };
}
