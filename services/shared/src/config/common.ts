import type { EnvReader } from './env-reader.ts';
import { readTlsFiles, type TlsFiles } from './tls-files.ts';

export interface DatabaseConfig {
  /** postgres:// connection string. */
  url: string;
  /** Most connections this process keeps open. */
  poolMax: number;
  /** How long a query may wait for a free connection before failing. */
  connectTimeoutMs: number;
  /** Longest a single statement may run on the server. */
  statementTimeoutMs: number;
  /** DATABASE_TLS_*: verify-full TLS, with a client certificate when one is given. */
  tls?: TlsFiles;
}

export interface NsqConfig {
  /** nsqd TCP address (host:port) the worker consumes from. */
  tcpAddress: string;
  /** nsqd HTTP address (host:port) the relay publishes to and reads stats from. */
  httpAddress: string;
  /** Topic that carries delivery work. */
  topic: string;
  /** Channel the workers share. */
  channel: string;
  /** NSQD_TLS_*: TLS with certificate verification (and a client certificate) to nsqd. */
  tls?: TlsFiles;
  /** NSQD_HTTPS_ADDRESS: nsqd's HTTPS address (host:port), used instead of HTTP when set. */
  httpsAddress?: string;
}

export interface LogConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export function readDatabaseConfig(env: EnvReader): DatabaseConfig {
  const url = env.requiredString('DATABASE_URL', 'a postgres:// URL of the Harborhook database');
  const tls = readTlsFiles(env, 'DATABASE_TLS');
  // pg lets the URL's ssl settings replace the ones we pass: sslmode=disable would quietly
  // turn TLS off, sslmode=require would drop the CA and the client certificate.
  if (tls !== undefined && sslParameters(url).length > 0) {
    env.problem(`DATABASE_URL must not carry ${sslParameters(url).join(', ')} when `
      + 'DATABASE_TLS_CA_FILE is set: the DATABASE_TLS_* settings decide TLS');
  }
  return {
    url,
    poolMax: env.int('DATABASE_POOL_MAX', 10, 1, 500),
    connectTimeoutMs: env.durationMs('DATABASE_CONNECT_TIMEOUT', 5_000, 100, 120_000),
    statementTimeoutMs: env.durationMs('DATABASE_STATEMENT_TIMEOUT', 15_000, 100, 600_000),
    tls,
  };
}

function sslParameters(url: string): string[] {
  try {
    return [...new URL(url).searchParams.keys()].filter((key) => key.startsWith('ssl'));
  } catch {
    return [];
  }
}

const NSQ_NAME = /^[.a-zA-Z0-9_-]{1,64}(#ephemeral)?$/;

export function readNsqConfig(env: EnvReader): NsqConfig {
  const topic = env.string('NSQ_TOPIC', 'harborhook_deliveries');
  const channel = env.string('NSQ_CHANNEL', 'workers');
  if (!NSQ_NAME.test(topic)) env.problem(`NSQ_TOPIC is not a valid NSQ topic name: "${topic}"`);
  if (!NSQ_NAME.test(channel)) {
    env.problem(`NSQ_CHANNEL is not a valid NSQ channel name: "${channel}"`);
  }
  const httpsAddress = env.optionalString('NSQD_HTTPS_ADDRESS') === undefined
    ? undefined : env.hostPort('NSQD_HTTPS_ADDRESS', '');
  return {
    tcpAddress: env.hostPort('NSQD_TCP_ADDRESS', '127.0.0.1:4150'),
    httpAddress: env.hostPort('NSQD_HTTP_ADDRESS', '127.0.0.1:4151'),
    topic,
    channel,
    tls: readTlsFiles(env, 'NSQD_TLS'),
    httpsAddress,
  };
}

export function readLogConfig(env: EnvReader): LogConfig {
  return {
    level: env.oneOf('LOG_LEVEL', 'info',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  };
}

export interface MetricsConfig {
  /** METRICS_HOST: address the metrics and probe listener binds. Default 127.0.0.1. */
  host: string;
  /** METRICS_PORT: its port; 0 picks a free one. */
  port: number;
}

export function readMetricsConfig(env: EnvReader, defaultPort: number): MetricsConfig {
  return {
    host: env.string('METRICS_HOST', '127.0.0.1'),
    port: env.int('METRICS_PORT', defaultPort, 0, 65_535),
  };
}
