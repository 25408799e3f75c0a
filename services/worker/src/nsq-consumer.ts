import { Reader, type Message } from 'nsqjs';
import type { NsqConfig } from '@harborhook/shared/config/common';
import type { Logger } from '@harborhook/shared/logger';
import { readerTlsOptions } from './nsq-tls.ts';

// nsqd sends a heartbeat this often; a connection silent for IDLE_TIMEOUT_S is presumed dead
// (a black-holed nsqd never closes the socket, so only silence reveals it).
const HEARTBEAT_INTERVAL_S = 5;
const IDLE_TIMEOUT_S = 3 * HEARTBEAT_INTERVAL_S;
// If nsqjs has not reconnected after this many reconnect intervals, start over with a new Reader.
const RECREATE_AFTER_INTERVALS = 30;

export interface NsqConsumerOptions {
  nsq: NsqConfig;
  /** nsqjs maxInFlight: messages handed to us and not yet finished. */
  maxInFlight: number;
  reconnectIntervalMs: number;
  /** nsqd flushes what it holds for this worker at least this often (IDENTIFY). */
  outputBufferTimeoutMs: number;
  logger: Logger;
  onMessage: (message: Message) => void;
}

/**
 * An nsqjs Reader on one nsqd. With direct nsqd addresses, nsqjs retries a dropped connection
 * only on its lookupd poll timer, so that timer is set to the reconnect interval. As a second
 * line, a Reader that stays disconnected for long is replaced by a new one. No message is ever
 * requeued through nsqjs, so the Reader never enters backoff.
 */
export class NsqConsumer {
  readonly #options: NsqConsumerOptions;
  #reader: Reader | undefined;
  #disconnectedSince: number | undefined = Date.now();
  #watchdog: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: NsqConsumerOptions) {
    this.#options = options;
  }

  /** Whether the reader is subscribed on a live connection to nsqd now (worker readiness). */
  get connected(): boolean {
    return this.#disconnectedSince === undefined;
  }

  start(): void {
    this.#reader = this.#createReader();
    this.#watchdog = setInterval(() => this.#checkConnection(), this.#options.reconnectIntervalMs);
    this.#watchdog.unref();
  }

  /** Asks nsqd for no more messages (RDY 0); messages in flight can still be finished. */
  pause(): void {
    this.#reader?.pause();
  }

  /** Closes the connection; nsqd requeues whatever was delivered and not finished. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#watchdog);
    this.#reader?.close();
  }

  #createReader(): Reader {
    const { nsq, maxInFlight, reconnectIntervalMs, outputBufferTimeoutMs, logger } = this.#options;
    const reader = new Reader(nsq.topic, nsq.channel, {
      nsqdTCPAddresses: [nsq.tcpAddress],
      maxInFlight,
      maxAttempts: 0,
      lookupdPollInterval: reconnectIntervalMs / 1000,
      heartbeatInterval: HEARTBEAT_INTERVAL_S,
      idleTimeout: IDLE_TIMEOUT_S,
      clientId: 'harborhook-worker',
      outputBufferTimeout: outputBufferTimeoutMs,
      ...readerTlsOptions(nsq.tls),
    });
    reader.on('message', this.#options.onMessage);
    // Connected means subscribed, not just a TCP connection: a handshake that never completes
    // (a stuck nsqd, refused TLS) gets no work. With one nsqd, nsqjs emits 'ready' after each
    // successful SUB.
    reader.on('ready', () => {
      this.#disconnectedSince = undefined;
      logger.info({ nsqd: nsq.tcpAddress }, 'connected to nsqd');
    });
    // Each failed reconnect closes too; only the loss of a live connection is worth a warning.
    reader.on('nsqd_closed', () => {
      if (this.#disconnectedSince !== undefined) return;
      this.#disconnectedSince = Date.now();
      if (!this.#closed) logger.error({ nsqd: nsq.tcpAddress }, 'nsqd connection lost');
    });
    // Without a listener, an 'error' event would throw and end the process. The loss itself is
    // logged once as an error above; each failed reconnect would repeat it, so debug.
    reader.on('error', (err) => {
      logger.debug({ nsqd: nsq.tcpAddress, err }, 'nsqd connection error');
    });
    reader.connect();
    return reader;
  }

  #checkConnection(): void {
    const since = this.#disconnectedSince;
    const limitMs = RECREATE_AFTER_INTERVALS * this.#options.reconnectIntervalMs;
    if (this.#closed || since === undefined || Date.now() - since < limitMs) return;
    this.#options.logger.error({ nsqd: this.#options.nsq.tcpAddress, disconnectedMs:
      Date.now() - since }, 'still not reconnected to nsqd; replacing the reader');
    this.#reader?.close();
    this.#disconnectedSince = Date.now();
    this.#reader = this.#createReader();
  }
}
