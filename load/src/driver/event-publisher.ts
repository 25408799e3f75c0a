import { Pool } from 'undici';

/** How one publish ended: the HTTP status, or why there was none. */
export type PublishStatus = number | 'timeout' | 'connection';

export interface PublishOutcome {
  status: PublishStatus;
  /** From a 202's body: how many deliveries the api created. */
  deliveryCount: number | undefined;
}

export interface PublisherOptions {
  apiUrl: string;
  /** Keep-alive connections to the api. */
  connections: number;
  requestTimeoutMs: number;
}

/**
 * Publishes events to the api's `POST /v1/events` over a keep-alive undici Pool. Never throws:
 * every way a publish can end is an outcome the driver counts.
 */
export class EventPublisher {
  readonly #pool: Pool;
  readonly #timeoutMs: number;

  constructor(options: PublisherOptions) {
    this.#pool = new Pool(new URL(options.apiUrl).origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
    });
    this.#timeoutMs = options.requestTimeoutMs;
  }

  async publish(token: string, eventType: string, body: string): Promise<PublishOutcome> {
    try {
      const response = await this.#pool.request({
        path: '/v1/events',
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'harborhook-event-type': eventType,
        },
        body,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      if (response.statusCode !== 202) {
        await response.body.dump();
        return { status: response.statusCode, deliveryCount: undefined };
      }
      const answer = await response.body.json() as { deliveryCount?: unknown };
      return { status: 202, deliveryCount: typeof answer.deliveryCount === 'number'
        ? answer.deliveryCount : undefined };
    } catch (err) {
      return { status: isTimeout(err) ? 'timeout' : 'connection', deliveryCount: undefined };
    }
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}

function isTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}
