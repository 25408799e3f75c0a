import { EnvReader } from '@harborhook/shared/config/env-reader';
import {
  readDatabaseConfig, readLogConfig, type DatabaseConfig, type LogConfig,
} from '@harborhook/shared/config/common';
import { readOutboundAllowedNetworks } from '@harborhook/shared/config/outbound-networks';
import type { DestinationPolicy } from './validation/endpoint-destination.ts';
import { readLimitsConfig, type LimitsConfig } from './limits/limits-config.ts';
import {
  readSecretEncryptionConfig, type SecretEncryptionConfig,
} from '@harborhook/shared/config/secret-encryption';
import { readApiTlsConfig, type ApiTlsConfig } from './server/tls.ts';
import type { GroupCommitLimits } from './publish/group-commit.ts';

/** Where the public keys that sign bearer tokens come from: a local file or an HTTPS URL. */
export type JwksSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface AuthConfig {
  jwks: JwksSource;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry. */
  audience: string;
  /** The claim that names the tenant. */
  tenantClaim: string;
  /** Slack allowed on `exp` and `nbf`, in seconds. */
  clockToleranceSeconds: number;
}

export interface ApiConfig {
  host: string;
  port: number;
  database: DatabaseConfig;
  log: LogConfig;
  auth: AuthConfig;
  /** Largest body `POST /v1/events` accepts. */
  eventMaxBytes: number;
  /** Largest body `POST /v1/events/batch` accepts. */
  batchMaxBytes: number;
  /** How long an idempotency key stays bound to its first request. */
  idempotencyKeyTtlMs: number;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownGraceMs: number;
  /** OUTBOUND_ALLOWED_NETWORKS, OUTBOUND_RESOLVE_ON_SAVE: which endpoint URLs may be saved. */
  outbound: DestinationPolicy;
  /** Rate limits, header and timeout limits, and the overload thresholds. */
  limits: LimitsConfig;
  /** HTTPS, and optionally required client certificates; plain HTTP when absent. */
  tls?: ApiTlsConfig;
  /** Keys that encrypt endpoint signing secrets at rest. */
  secretEncryption: SecretEncryptionConfig;
  /** How long an old secret keeps signing after a rotation, unless the request says. */
  secretRotationOverlapMs: number;
  /** Group commit of publishes without an Idempotency-Key (publish/group-commit.ts). */
  publishGroup: GroupCommitLimits;
}

const MIB = 1024 * 1024;
/** An overlap longer than a month would leave a leaked secret usable for too long. */
export const MAX_ROTATION_OVERLAP_MS = 30 * 86_400_000;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9.-]+)$/;
const CLAIM_NAME = /^[A-Za-z0-9_:.-]{1,128}$/;

/** Reads and checks the api's settings; throws WHK_ERR_CONFIG_INVALID listing every problem. */
export function readApiConfig(env: Readonly<Record<string, string | undefined>>):
  Readonly<ApiConfig> {
  const reader = new EnvReader(env);
  const host = reader.string('API_HOST', '127.0.0.1');
  if (!HOST.test(host)) reader.problem(`API_HOST must be a host name or IP address, got "${host}"`);
  const database = readDatabaseConfig(reader);
  const publishGroup = readPublishGroupLimits(reader);
  if (publishGroup.maxConcurrent >= database.poolMax) {
    reader.problem(`PUBLISH_GROUP_CONCURRENCY (${publishGroup.maxConcurrent}) must be below `
      + `DATABASE_POOL_MAX (${database.poolMax}): the rest of the pool serves reads, health `
      + 'checks and publishes with an Idempotency-Key');
  }
  return reader.finish({
    host,
    port: reader.int('API_PORT', 8080, 0, 65_535),
    database,
    log: readLogConfig(reader),
    auth: readAuthConfig(reader),
    eventMaxBytes: reader.int('EVENT_MAX_BYTES', 262_144, 1, 64 * MIB),
    batchMaxBytes: reader.int('BATCH_MAX_BYTES', 4 * MIB, 1, 256 * MIB),
    idempotencyKeyTtlMs: reader.durationMs('IDEMPOTENCY_KEY_TTL', 86_400_000, 1_000,
      30 * 86_400_000),
    shutdownGraceMs: reader.durationMs('SHUTDOWN_GRACE', 30_000, 0, 3_600_000),
    outbound: {
      allowedNetworks: readOutboundAllowedNetworks(reader),
      resolveOnSave: reader.bool('OUTBOUND_RESOLVE_ON_SAVE', false),
    },
    limits: readLimitsConfig(reader),
    tls: readApiTlsConfig(reader),
    secretEncryption: readSecretEncryptionConfig(reader),
    secretRotationOverlapMs: reader.durationMs('SECRET_ROTATION_OVERLAP', 86_400_000, 0,
      MAX_ROTATION_OVERLAP_MS),
    publishGroup,
  });
}

function readPublishGroupLimits(reader: EnvReader): GroupCommitLimits {
  return {
    maxEvents: reader.int('PUBLISH_GROUP_MAX_EVENTS', 200, 1, 10_000),
    maxBytes: reader.int('PUBLISH_GROUP_MAX_BYTES', 8 * MIB, 1, 256 * MIB),
    // A group is one round trip and takes every tenant's waiting publishes, so one at a time
    // keeps up with thousands a second; more at all times only split the queue into smaller
    // groups that compete for Postgres's CPU (at 1,000 events/s on two cores, publish p99:
    // 148 ms with eight, 93 ms with two, 48 ms with one). So another starts only beside a
    // group that has stalled. The rest of the pool serves reads, health checks and keyed
    // publishes.
    maxConcurrent: reader.int('PUBLISH_GROUP_CONCURRENCY', 3, 1, 500),
    stallMs: reader.durationMs('PUBLISH_GROUP_STALL', 3, 0, 60_000),
    maxWaitingBytes: reader.int('PUBLISH_QUEUE_MAX_BYTES', 64 * MIB, 1, 4096 * MIB),
    maxWaitingBytesPerTenant: reader.int('PUBLISH_QUEUE_TENANT_MAX_BYTES', 16 * MIB, 1,
      4096 * MIB),
  };
}

function readAuthConfig(reader: EnvReader): AuthConfig {
  const tenantClaim = reader.string('AUTH_TENANT_CLAIM', 'tenant_id');
  if (!CLAIM_NAME.test(tenantClaim)) {
    reader.problem(`AUTH_TENANT_CLAIM must be a claim name (letters, digits, _ : . -), `
      + `got "${tenantClaim}"`);
  }
  const toleranceMs = reader.durationMs('AUTH_CLOCK_TOLERANCE', 5_000, 0, 300_000);
  return {
    jwks: readJwksSource(reader),
    issuer: reader.requiredString('AUTH_ISSUER', 'the "iss" claim your identity provider sets'),
    audience: reader.string('AUTH_AUDIENCE', 'harborhook-api'),
    tenantClaim,
    clockToleranceSeconds: toleranceMs / 1000,
  };
}

function readJwksSource(reader: EnvReader): JwksSource {
  const path = reader.optionalString('AUTH_JWKS_FILE');
  const url = reader.optionalString('AUTH_JWKS_URL');
  if (path !== undefined && url !== undefined) {
    reader.problem('AUTH_JWKS_FILE and AUTH_JWKS_URL are both set: set exactly one');
  }
  if (path !== undefined) return { kind: 'file', path };
  if (url === undefined) {
    reader.problem('AUTH_JWKS_FILE or AUTH_JWKS_URL is required: where the token signing '
      + 'keys (a JWKS) are');
    return { kind: 'file', path: '' };
  }
  if (!isHttpUrl(url)) reader.problem(`AUTH_JWKS_URL must be an http(s) URL, got "${url}"`);
  return { kind: 'url', url };
}

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host !== '';
  } catch {
    return false;
  }
}
