import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import pg from 'pg';
import { Nsqd } from '@harborhook/lab/env/nsqd';
import { Receiver, type ReceiverBehaviour } from '@harborhook/lab/receivers/receiver';
import { capturingLogger, type CapturedLog } from '@harborhook/lab/testing/capturing-logger';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { TEST_SECRET_ENCRYPTION_ENV } from '@harborhook/lab/testing/test-secret-encryption';
import { readRelayConfig } from '../../../relay/src/config.ts';
import { startRelay, type Relay } from '../../../relay/src/relay.ts';
import { readWorkerConfig } from '../../src/config.ts';
import { startWorker, type Worker } from '../../src/worker.ts';

export type Env = Record<string, string>;

/**
 * One test's world: its own database, its own topic on the file's nsqd, and the relays,
 * workers and receivers it starts, all stopped when the test ends.
 */
export class TestBed {
  readonly nsqd: Nsqd;
  readonly databaseUrl: string;
  readonly pool: pg.Pool;
  readonly topic = `t_${randomBytes(5).toString('hex')}`;
  readonly channel = 'workers';
  readonly logs: CapturedLog[] = [];
  readonly #receivers: Receiver[] = [];
  readonly #services: { stop(): Promise<void> }[] = [];

  private constructor(nsqd: Nsqd, databaseUrl: string) {
    this.nsqd = nsqd;
    this.databaseUrl = databaseUrl;
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  }

  static async open(t: TestContext, nsqd: Nsqd): Promise<TestBed> {
    const bed = new TestBed(nsqd, await createTestDatabase());
    t.after(() => bed.close());
    return bed;
  }

  /** What both services read: fast polls and a short retry schedule for tests. */
  env(overrides: Env = {}): Env {
    return {
      DATABASE_URL: this.databaseUrl, DATABASE_POOL_MAX: '5', LOG_LEVEL: 'info',
      NSQD_TCP_ADDRESS: this.nsqd.tcpAddress, NSQD_HTTP_ADDRESS: this.nsqd.httpAddress,
      NSQ_TOPIC: this.topic, NSQ_CHANNEL: this.channel,
      RELAY_POLL_INTERVAL: '10ms', RELAY_HOUSEKEEPING_INTERVAL: '100ms',
      RETRY_SCHEDULE: '50ms,50ms', RETRY_JITTER: '0', RETRY_AFTER_MIN: '10ms',
      RETRY_AFTER_MAX: '2s', WORKER_ENDPOINT_DEFER: '20ms', DELIVERY_TIMEOUT: '5s',
      WORKER_ATTEMPT_LEASE: '10s', SHUTDOWN_GRACE: '1s', METRICS_PORT: '0',
      // Endpoint circuits off: these tests fail receivers many times on purpose.
      WORKER_CIRCUIT_FAILURES: '0',
      // The key delivery-fixtures.ts seals endpoint secrets with.
      ...TEST_SECRET_ENCRYPTION_ENV,
      // Receivers listen on loopback, which the SSRF guard refuses unless allowed.
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
      ...overrides,
    };
  }

  async startRelay(overrides: Env = {}): Promise<{ relay: Relay; log: CapturedLog }> {
    const log = capturingLogger('relay', 'info');
    this.logs.push(log);
    const relay = await startRelay(readRelayConfig(this.env(overrides)), { logger: log.logger });
    this.#services.push(relay);
    return { relay, log };
  }

  async startWorker(overrides: Env = {}): Promise<{ worker: Worker; log: CapturedLog }> {
    const log = capturingLogger('worker', 'info');
    this.logs.push(log);
    const worker = await startWorker(readWorkerConfig(this.env(overrides)),
      { logger: log.logger });
    this.#services.push(worker);
    return { worker, log };
  }

  async receiver(behaviour: ReceiverBehaviour = { kind: 'succeed' }): Promise<Receiver> {
    const receiver = await Receiver.start(behaviour);
    this.#receivers.push(receiver);
    return receiver;
  }

  /** Receivers first (hanging requests end), then services, then the pool. */
  async close(): Promise<void> {
    for (const receiver of this.#receivers) await receiver.close();
    for (const service of this.#services.reverse()) await service.stop();
    await this.pool.end();
  }
}
