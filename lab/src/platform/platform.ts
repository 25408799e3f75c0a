import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Registry } from 'prom-client';
import { Agent } from 'undici';
import { readApiConfig } from '@harborhook/api/config';
import { startApi, type ApiHandle } from '@harborhook/api/app';
import { readRelayConfig } from '@harborhook/relay/config';
import { startRelay } from '@harborhook/relay/relay';
import { readWorkerConfig } from '@harborhook/worker/config';
import { startWorker } from '@harborhook/worker/worker';
import type { Logger } from '@harborhook/shared/logger';
import { createDevSigner, DEV_AUDIENCE, DEV_ISSUER, mintToken, saveDevSigner,
  type DevSigner } from '../auth/dev-keys.ts';
import { Nsqd } from '../env/nsqd.ts';
import { requestApi, type ApiResponse } from '../http/api-request.ts';
import { createTestDatabase } from '../testing/shared-postgres.ts';
import { TEST_SECRET_ENCRYPTION_ENV } from '../testing/test-secret-encryption.ts';
import { apiEnv, relayEnv, workerEnv, type Env, type PlatformWiring } from './service-env.ts';
import { ServiceProcess } from './service-process.ts';
import { clientTlsOptions, startTlsBackends, type TlsBackends, withTlsEnv }
  from './tls-backends.ts';
import type { DevCertificates } from '../tls/dev-certificates.ts';

export interface PlatformOptions {
  api?: Env;
  relay?: Env;
  worker?: Env;
  /**
   * TLS with verified client certificates on every link: the platform gets its own TLS-only
   * Postgres and nsqd, the api serves HTTPS and demands client certificates, and `request`
   * presents the operator certificate.
   */
  tls?: boolean;
  /** How many in-process workers to start (0 when a test runs worker processes itself). */
  workers?: number;
  /** One logger for the in-process api, relay and workers (a capturing one, say). */
  logger?: Logger;
}

/** Test receivers listen on loopback, which the SSRF guard refuses unless allowed. */
const LOOPBACK_NETWORKS = '127.0.0.0/8,::1/128';

/**
 * Settings that make a test platform quick to react: short polls, leases and retry delays.
 * Each test can override any of them.
 */
export const FAST_TEST_SETTINGS: Env = {
  // Free ports: tests run side by side.
  METRICS_PORT: '0',
  RELAY_POLL_INTERVAL: '10ms',
  RELAY_HOUSEKEEPING_INTERVAL: '100ms',
  RELAY_QUEUED_LEASE: '5s',
  RETRY_SCHEDULE: '50ms,50ms',
  RETRY_JITTER: '0',
  WORKER_ENDPOINT_DEFER: '20ms',
  DELIVERY_TIMEOUT: '2s',
  WORKER_ATTEMPT_LEASE: '3s',
  NSQ_RECONNECT_INTERVAL: '1s',
  SHUTDOWN_GRACE: '2s',
  OUTBOUND_ALLOWED_NETWORKS: LOOPBACK_NETWORKS,
  // Off: tests of retries and dead letters fail one receiver many times on purpose. The
  // circuit test (delivery.endpoint-circuit) turns them on.
  WORKER_CIRCUIT_FAILURES: '0',
};

/**
 * The api of a test platform is never throttled or refused as overloaded (a busy CI machine
 * delays event loops) unless a test asks for it.
 */
export const API_TEST_SETTINGS: Env = {
  PUBLISH_RATE_LIMIT_PER_SECOND: '0',
  API_OVERLOAD_MAX_EVENT_LOOP_DELAY: '0',
};

/** An in-process relay or worker: stopped at the end, scraped on its metrics listener. */
interface Stoppable {
  metricsUrl: string;
  registry: Registry;
  stop(): Promise<void>;
}

/**
 * A whole Harborhook for one test: its own migrated database, its own nsqd, and the api, relay
 * and workers running in this process, wired only through environment variables. Dispose it
 * (`await using platform = await startPlatform()`) and everything is torn down, also when the
 * test fails.
 */
export class Platform {
  readonly wiring: PlatformWiring;
  readonly nsqd: Nsqd;
  readonly pool: pg.Pool;
  readonly #signer: DevSigner;
  readonly #options: PlatformOptions;
  readonly #workDir: string;
  readonly #tls: TlsBackends | undefined;
  readonly #dispatcher: Agent | undefined;
  #api: ApiHandle | undefined;
  #relay: Stoppable | undefined;
  readonly #workers: Stoppable[] = [];
  readonly #processes: ServiceProcess[] = [];

  private constructor(wiring: PlatformWiring, nsqd: Nsqd, signer: DevSigner,
    options: PlatformOptions, workDir: string, tls?: TlsBackends) {
    this.wiring = wiring;
    this.nsqd = nsqd;
    this.#signer = signer;
    this.#options = options;
    this.#workDir = workDir;
    this.#tls = tls;
    this.pool = new pg.Pool({ connectionString: wiring.databaseUrl, max: 4,
      ...(tls === undefined ? {} : { ssl: clientTlsOptions(tls.certs, 'api') }) });
    this.#dispatcher = tls === undefined ? undefined
      : new Agent({ connect: clientTlsOptions(tls.certs, 'operator') });
  }

  static async start(options: PlatformOptions = {}): Promise<Platform> {
    const workDir = await mkdtemp(join(tmpdir(), 'harborhook-platform-'));
    const signer = await createDevSigner();
    const { jwksFile } = await saveDevSigner(signer, join(workDir, 'keys'));
    // A TLS platform brings its own Postgres and nsqd, which accept nothing but TLS.
    const tls = options.tls === true ? await startTlsBackends(workDir) : undefined;
    const nsqd = tls?.nsqd ?? await Nsqd.start();
    const wiring: PlatformWiring = {
      databaseUrl: tls?.databaseUrl ?? await createTestDatabase(),
      nsqdTcpAddress: nsqd.tcpAddress,
      nsqdHttpAddress: nsqd.httpAddress,
      nsqTopic: `deliveries_${randomBytes(4).toString('hex')}`,
      jwksFile,
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      apiPort: 0,
      logLevel: process.env.HARBORHOOK_TEST_LOG_LEVEL ?? 'silent',
      secretEncryptionKeys: TEST_SECRET_ENCRYPTION_ENV.SECRET_ENCRYPTION_KEYS ?? '',
      secretEncryptionActiveKey: TEST_SECRET_ENCRYPTION_ENV.SECRET_ENCRYPTION_ACTIVE_KEY ?? '',
    };
    const platform = new Platform(wiring, nsqd, signer,
      tls === undefined ? options : withTlsEnv(options, tls), workDir, tls);
    try {
      await platform.#startServices();
    } catch (err) {
      await platform.close();
      throw err;
    }
    return platform;
  }

  async #startServices(): Promise<void> {
    this.#api = await startApi(readApiConfig(apiEnv(this.wiring,
      { OUTBOUND_ALLOWED_NETWORKS: LOOPBACK_NETWORKS, ...API_TEST_SETTINGS,
        ...this.#options.api })), this.#loggerOption());
    this.#relay = await startRelay(readRelayConfig(relayEnv(this.wiring,
      { ...FAST_TEST_SETTINGS, ...this.#options.relay })), this.#loggerOption());
    for (let i = 0; i < (this.#options.workers ?? 1); i += 1) await this.startWorker();
  }

  /** The certificates of a TLS platform (`tls: true`). */
  get certificates(): DevCertificates | undefined {
    return this.#tls?.certs;
  }

  get apiUrl(): string {
    if (this.#api === undefined) throw new Error('the api is not running');
    return this.#api.url;
  }

  /** Where each in-process service serves /metrics: the api on its own port. */
  get metricsUrls(): { api: string; relay: string; workers: string[] } {
    if (this.#relay === undefined) throw new Error('the relay is not running');
    return { api: `${this.apiUrl}/metrics`, relay: `${this.#relay.metricsUrl}/metrics`,
      workers: this.#workers.map((worker) => `${worker.metricsUrl}/metrics`) };
  }

  /** Each in-process service's metrics registry, for tests that read values directly. */
  get registries(): { api: Registry; relay: Registry; workers: Registry[] } {
    if (this.#api === undefined || this.#relay === undefined) {
      throw new Error('the platform is not running');
    }
    return { api: this.#api.registry, relay: this.#relay.registry,
      workers: this.#workers.map((worker) => worker.registry) };
  }

  /** Starts one more in-process worker. */
  async startWorker(overrides: Env = {}): Promise<void> {
    const env = workerEnv(this.wiring,
      { ...FAST_TEST_SETTINGS, ...this.#options.worker, ...overrides });
    this.#workers.push(await startWorker(readWorkerConfig(env), this.#loggerOption()));
  }

  #loggerOption(): { logger?: Logger } {
    return this.#options.logger === undefined ? {} : { logger: this.#options.logger };
  }

  /** A worker as its own OS process, for tests that kill it. Not started yet. */
  workerProcess(overrides: Env = {}): ServiceProcess {
    const env = workerEnv(this.wiring,
      { ...FAST_TEST_SETTINGS, ...this.#options.worker, ...overrides });
    const name = `worker-${this.#processes.length + 1}`;
    const service = new ServiceProcess('worker', name, env, this.#workDir);
    this.#processes.push(service);
    return service;
  }

  async token(tenant: string, scopes?: readonly string[]): Promise<string> {
    return await mintToken(this.#signer, scopes === undefined ? { tenant } : { tenant, scopes });
  }

  /** JSON request to the api; returns status, headers and the parsed (or raw) body. */
  async request(token: string, method: string, path: string,
    body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    // Over HTTPS, present the operator's client certificate.
    return await requestApi(this.apiUrl, { token, method, path, body, headers },
      this.#dispatcher === undefined ? {} : { dispatcher: this.#dispatcher });
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled([
      ...this.#processes.map((p) => p.stop()),
      ...this.#workers.map((w) => w.stop()),
      this.#relay?.stop(),
      this.#api?.close(),
    ]);
    await this.pool.end().catch(() => undefined);
    await this.nsqd.close();
    await this.#tls?.postgres.stop();
    await this.#dispatcher?.close();
    await rm(this.#workDir, { recursive: true, force: true });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

export type { ApiResponse };

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  return await Platform.start(options);
}
