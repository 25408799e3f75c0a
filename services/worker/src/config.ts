import type { MicroBatcherLimits } from '@harborhook/shared/batching/micro-batcher';
import { EnvReader } from '@harborhook/shared/config/env-reader';
import {
  readDatabaseConfig, readLogConfig, readMetricsConfig, readNsqConfig,
  type DatabaseConfig, type LogConfig, type MetricsConfig, type NsqConfig,
} from '@harborhook/shared/config/common';
import {
  readSecretEncryptionConfig, type SecretEncryptionConfig,
} from '@harborhook/shared/config/secret-encryption';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@harborhook/shared/delivery/retry-policy';
import { readOutboundAllowedNetworks } from '@harborhook/shared/config/outbound-networks';
import type { IpNetwork } from '@harborhook/shared/net/ip-network';
import type { CircuitSettings } from './endpoint-circuits.ts';

export interface WorkerConfig {
  database: DatabaseConfig;
  nsq: NsqConfig;
  log: LogConfig;
  /** METRICS_HOST and METRICS_PORT (default 9102): /metrics, /healthz and /readyz. */
  metrics: MetricsConfig;
  /** WORKER_CONCURRENCY: attempts in flight at once (nsqjs maxInFlight). Default 200. */
  concurrency: number;
  /** WORKER_ENDPOINT_CONCURRENCY: attempts in flight per endpoint. Default 10. */
  endpointConcurrency: number;
  /** How long a claimed delivery may wait in this worker for a slot of its busy endpoint before
   * it is given back: half the lease left after the longest attempt, at most 5 s. */
  endpointSlotWaitMs: number;
  /** WORKER_ENDPOINT_DEFER: how far a delivery for a busy endpoint is pushed back, ±50 %.
   * Default 1 s. */
  endpointDeferMs: number;
  /** WORKER_CIRCUIT_FAILURES, WORKER_CIRCUIT_OPEN, WORKER_CIRCUIT_MAX_OPEN: per-endpoint
   * circuit breaker; consecutive outage-class failures that open it (default 10, 0 = off), the
   * first opening (default 30 s), doubled per failed probe up to the maximum (default 5 min). */
  circuits: CircuitSettings;
  /** WORKER_ATTEMPT_LEASE: how long a claimed delivery is ours before the relay puts it back.
   * Must exceed deliveryTimeoutMs. Default 60 s. */
  attemptLeaseMs: number;
  /** DELIVERY_TIMEOUT: total time one attempt may take, connect to last byte. Default 15 s. */
  deliveryTimeoutMs: number;
  /** DELIVERY_CONNECT_TIMEOUT: time to open the TCP (and TLS) connection. Default 5 s. */
  connectTimeoutMs: number;
  /** RESPONSE_CAPTURE_BYTES: prefix of the response body stored with the attempt. Default 1024. */
  responseCaptureBytes: number;
  /** WORKER_STATEMENT_BATCH: most claims (or attempt records) one statement carries (default
   * 100); WORKER_STATEMENT_CONCURRENCY: statements of each kind at once (default 1). */
  statementBatching: MicroBatcherLimits;
  /** RETRY_SCHEDULE, RETRY_JITTER, RETRY_PERMANENT_STATUS_CODES, RETRY_AFTER_MIN/MAX. */
  retryPolicy: RetryPolicy;
  /** NSQ_RECONNECT_INTERVAL: how often a dropped nsqd connection is retried. Default 1 s. */
  nsqReconnectIntervalMs: number;
  /** NSQ_OUTPUT_BUFFER_TIMEOUT: how long nsqd may hold messages for this worker before it
   * flushes them (IDENTIFY output_buffer_timeout). Default 25 ms, nsqd's default minimum. */
  nsqOutputBufferTimeoutMs: number;
  /** SHUTDOWN_GRACE: how long stop() waits for attempts in flight. Default 20 s. */
  shutdownGraceMs: number;
  /** OUTBOUND_ALLOWED_NETWORKS: non-public networks endpoints may reach. Default none. */
  outboundAllowedNetworks: IpNetwork[];
  /** SECRET_ENCRYPTION_KEYS, SECRET_ENCRYPTION_ACTIVE_KEY: decrypt endpoint signing secrets. */
  secretEncryption: SecretEncryptionConfig;
}

/** The most of any response the worker reads before it drops the connection. */
export const RESPONSE_READ_LIMIT_BYTES = 65_536;

function readRetryPolicy(env: EnvReader): RetryPolicy {
  const defaults = DEFAULT_RETRY_POLICY;
  const policy: RetryPolicy = {
    scheduleMs: env.durationListMs('RETRY_SCHEDULE', defaults.scheduleMs),
    jitter: env.number('RETRY_JITTER', defaults.jitter, 0, 1),
    permanentStatusCodes: env.intList('RETRY_PERMANENT_STATUS_CODES',
      defaults.permanentStatusCodes, 400, 499),
    retryAfterMinMs: env.durationMs('RETRY_AFTER_MIN', defaults.retryAfterMinMs, 0, 86_400_000),
    retryAfterMaxMs: env.durationMs('RETRY_AFTER_MAX', defaults.retryAfterMaxMs, 0, 86_400_000),
  };
  if (policy.retryAfterMinMs > policy.retryAfterMaxMs) {
    env.problem('RETRY_AFTER_MIN must not exceed RETRY_AFTER_MAX');
  }
  return policy;
}

/** The longest a delivery waits for a slot of its busy endpoint (see endpoint-slots.ts). */
const MAX_ENDPOINT_SLOT_WAIT_MS = 5_000;

export function readWorkerConfig(
  env: Readonly<Record<string, string | undefined>>): Readonly<WorkerConfig> {
  const reader = new EnvReader(env);
  const database = readDatabaseConfig(reader);
  const config: WorkerConfig = {
    database,
    nsq: readNsqConfig(reader),
    log: readLogConfig(reader),
    metrics: readMetricsConfig(reader, 9102),
    // nsqd refuses a RDY count above its --max-rdy-count, 2500 by default.
    concurrency: reader.int('WORKER_CONCURRENCY', 200, 1, 2_500),
    endpointConcurrency: reader.int('WORKER_ENDPOINT_CONCURRENCY', 10, 1, 2_500),
    endpointSlotWaitMs: 0,
    endpointDeferMs: reader.durationMs('WORKER_ENDPOINT_DEFER', 1_000, 1, 600_000),
    circuits: {
      failureThreshold: reader.int('WORKER_CIRCUIT_FAILURES', 10, 0, 1_000_000),
      openMs: reader.durationMs('WORKER_CIRCUIT_OPEN', 30_000, 1, 86_400_000),
      maxOpenMs: reader.durationMs('WORKER_CIRCUIT_MAX_OPEN', 300_000, 1, 86_400_000),
    },
    attemptLeaseMs: reader.durationMs('WORKER_ATTEMPT_LEASE', 60_000, 100, 86_400_000),
    deliveryTimeoutMs: reader.durationMs('DELIVERY_TIMEOUT', 15_000, 10, 3_600_000),
    connectTimeoutMs: reader.durationMs('DELIVERY_CONNECT_TIMEOUT', 5_000, 10, 600_000),
    responseCaptureBytes: reader.int('RESPONSE_CAPTURE_BYTES', 1_024, 0,
      RESPONSE_READ_LIMIT_BYTES),
    statementBatching: { maxItems: reader.int('WORKER_STATEMENT_BATCH', 100, 1, 1_000),
      // One of each kind at a time makes the biggest batches and the least contention in
      // Postgres (docs/configuration.md has the measurements).
      maxConcurrent: reader.int('WORKER_STATEMENT_CONCURRENCY', 1, 1, 500) },
    retryPolicy: readRetryPolicy(reader),
    // nsqjs polls for lost connections in whole seconds, at least one.
    nsqReconnectIntervalMs: reader.durationMs('NSQ_RECONNECT_INTERVAL', 1_000, 1_000, 600_000),
    // nsqd's own default is 250 ms, which added about 150 ms to the median delivery at low
    // rates, when a worker's buffer never fills; 25 ms is the least nsqd accepts by default.
    nsqOutputBufferTimeoutMs: reader.durationMs('NSQ_OUTPUT_BUFFER_TIMEOUT', 25, 1, 60_000),
    shutdownGraceMs: reader.durationMs('SHUTDOWN_GRACE', 20_000, 0, 600_000),
    outboundAllowedNetworks: readOutboundAllowedNetworks(reader),
    secretEncryption: readSecretEncryptionConfig(reader),
  };
  config.endpointSlotWaitMs = Math.max(0, Math.min(MAX_ENDPOINT_SLOT_WAIT_MS,
    Math.floor((config.attemptLeaseMs - config.deliveryTimeoutMs) / 2)));
  if (config.circuits.openMs > config.circuits.maxOpenMs) {
    reader.problem('WORKER_CIRCUIT_OPEN must not exceed WORKER_CIRCUIT_MAX_OPEN');
  }
  if (config.attemptLeaseMs <= config.deliveryTimeoutMs) {
    reader.problem('WORKER_ATTEMPT_LEASE must exceed DELIVERY_TIMEOUT, or the relay would hand '
      + 'a delivery to another worker while its attempt is still running');
  }
  return reader.finish(config);
}
