import { EnvReader } from '@harborhook/shared/config/env-reader';
import {
  readDatabaseConfig, readLogConfig, readMetricsConfig, readNsqConfig,
  type DatabaseConfig, type LogConfig, type MetricsConfig, type NsqConfig,
} from '@harborhook/shared/config/common';

export interface RelayConfig {
  database: DatabaseConfig;
  nsq: NsqConfig;
  log: LogConfig;
  /** METRICS_HOST and METRICS_PORT (default 9101): /metrics, /healthz and /readyz. */
  metrics: MetricsConfig;
  /** RELAY_POLL_INTERVAL: wait between polls when the last batch was not full. Default 25 ms. */
  pollIntervalMs: number;
  /** RELAY_BATCH_SIZE: most deliveries published in one transaction and one mpub. Default 500. */
  batchSize: number;
  /** RELAY_QUEUED_LEASE: how long a published delivery may stay queued before it is published
   * again, in case nsqd lost the message. Default 5 minutes. */
  queuedLeaseMs: number;
  /** RELAY_HOUSEKEEPING_INTERVAL: lease recovery and idempotency-key expiry. Default 30 s. */
  housekeepingIntervalMs: number;
  /** SHUTDOWN_GRACE: longest a SIGTERM may wait for the current batch. Default 10 s. */
  shutdownGraceMs: number;
}

export function readRelayConfig(
  env: Readonly<Record<string, string | undefined>>): Readonly<RelayConfig> {
  const reader = new EnvReader(env);
  const nsq = readNsqConfig(reader);
  // The relay publishes over HTTP(S); TLS to nsqd means its HTTPS listener.
  if ((nsq.tls === undefined) !== (nsq.httpsAddress === undefined)) {
    reader.problem('NSQD_TLS_CA_FILE and NSQD_HTTPS_ADDRESS must be set together: the relay '
      + 'publishes to nsqd over HTTPS, verifying its certificate');
  }
  return reader.finish({
    database: readDatabaseConfig(reader),
    nsq,
    log: readLogConfig(reader),
    metrics: readMetricsConfig(reader, 9101),
    pollIntervalMs: reader.durationMs('RELAY_POLL_INTERVAL', 25, 1, 60_000),
    // nsqd refuses an mpub body above --max-body-size (5 MiB): 10 000 ids stay far below it.
    batchSize: reader.int('RELAY_BATCH_SIZE', 500, 1, 10_000),
    queuedLeaseMs: reader.durationMs('RELAY_QUEUED_LEASE', 300_000, 100, 86_400_000),
    housekeepingIntervalMs: reader.durationMs('RELAY_HOUSEKEEPING_INTERVAL', 30_000, 10,
      3_600_000),
    shutdownGraceMs: reader.durationMs('SHUTDOWN_GRACE', 10_000, 0, 600_000),
  });
}
