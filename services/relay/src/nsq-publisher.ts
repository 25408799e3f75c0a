import type { Pool } from 'undici';
import type { TlsMaterial } from '@harborhook/shared/config/tls-files';
import { encodeMpubBody } from './mpub-body.ts';
import { createNsqdHttpPool } from './nsqd-http-pool.ts';

const CONNECT_TIMEOUT_MS = 2_000;
// A publish that takes longer than this is treated as failed; the batch goes back to scheduled.
const REQUEST_TIMEOUT_MS = 10_000;

/** A failed publish; the message says what nsqd answered, never what was published. */
export class PublishError extends Error {
  readonly statusCode: number | undefined;

  constructor(message: string, statusCode?: number) {
    super(message);
    this.name = 'PublishError';
    this.statusCode = statusCode;
  }
}

/** What the publish loop needs of a publisher. */
export interface MessagePublisher {
  publish(messages: readonly Buffer[]): Promise<void>;
}

/**
 * Publishes to one nsqd over its HTTP API with keep-alive connections. HTTP rather than nsqjs's
 * Writer: a Writer never reconnects after its connection drops, while each HTTP request stands
 * on its own, so an nsqd restart only fails the requests made while it was down.
 */
export class NsqPublisher implements MessagePublisher {
  readonly #pool: Pool;
  readonly #topic: string;

  /** With `tls`, `address` is nsqd's HTTPS address and the server certificate is verified. */
  constructor(address: string, topic: string, tls?: TlsMaterial) {
    this.#topic = topic;
    this.#pool = createNsqdHttpPool(address, tls, { connections: 4,
      connectTimeoutMs: CONNECT_TIMEOUT_MS, answerTimeoutMs: REQUEST_TIMEOUT_MS });
  }

  /** Creates the topic; nsqd answers 200 whether or not it already existed. */
  async ensureTopic(): Promise<void> {
    await this.#post(`/topic/create?topic=${encodeURIComponent(this.#topic)}`, undefined);
  }

  /** All messages in one request: nsqd accepts all of them or none. */
  async publish(messages: readonly Buffer[]): Promise<void> {
    if (messages.length === 0) return;
    await this.#post(`/mpub?topic=${encodeURIComponent(this.#topic)}&binary=true`,
      encodeMpubBody(messages));
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #post(path: string, body: Buffer | undefined): Promise<void> {
    let response;
    try {
      response = await this.#pool.request({ path, method: 'POST', body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      throw new PublishError(`nsqd did not answer (${code})`);
    }
    const text = (await response.body.text()).slice(0, 200);
    if (response.statusCode !== 200) {
      throw new PublishError(`nsqd answered ${response.statusCode} ${text.trim()}`,
        response.statusCode);
    }
  }
}
