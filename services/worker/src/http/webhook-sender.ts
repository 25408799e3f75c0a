import { Agent, request } from 'undici';
import { classifyStatus, type ErrorClass } from '@harborhook/shared/delivery/retry-policy';
import type { AddressClass } from '@harborhook/shared/net/address-class';
import type { IpNetwork } from '@harborhook/shared/net/ip-network';
import { RESPONSE_READ_LIMIT_BYTES } from '../config.ts';
import { AttemptSignal } from './attempt-signal.ts';
import { classifyRequestError } from './classify-error.ts';
import { guardedConnector, OutboundBlockedError } from './outbound-guard.ts';
import { readBodyPrefix, storableText } from './read-body-prefix.ts';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface WebhookResponse {
  statusCode: number | undefined;
  errorClass: ErrorClass | null;
  retryAfter: string | undefined;
  /** The first bytes of the response body as text; undefined when there was no response. */
  bodyPrefix: string | undefined;
  /** True when shutdown cut the attempt short: it must not be recorded as a failure. */
  interrupted: boolean;
  /** The address the SSRF guard refused, for the log only (never stored for the tenant). */
  blocked?: { address: string; addressClass: AddressClass } | undefined;
}

export interface WebhookSenderOptions {
  connectTimeoutMs: number;
  /** The whole attempt, connect to last byte read. */
  deliveryTimeoutMs: number;
  captureBytes: number;
  /** OUTBOUND_ALLOWED_NETWORKS: non-public networks the guard lets through. */
  allowedNetworks: readonly IpNetwork[];
}

/**
 * POSTs webhooks through one undici Agent, which keeps a keep-alive pool per origin. Redirects
 * are not followed (a 3xx is a failed attempt), and at most 64 KiB of any answer is read.
 */
export class WebhookSender {
  readonly #agent: Agent;
  readonly #options: WebhookSenderOptions;

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#agent = new Agent({
      // The SSRF guard checks the address each new connection is opened to.
      connect: guardedConnector(options.allowedNetworks, { timeout: options.connectTimeoutMs }),
      headersTimeout: options.deliveryTimeoutMs,
      bodyTimeout: options.deliveryTimeoutMs,
    });
  }

  async send(webhook: WebhookRequest, stopSignal: AbortSignal): Promise<WebhookResponse> {
    const attempt = new AttemptSignal(this.#options.deliveryTimeoutMs, stopSignal);
    try {
      const response = await request(webhook.url, {
        dispatcher: this.#agent, method: 'POST', headers: webhook.headers, body: webhook.body,
        signal: attempt.signal,
      });
      const prefix = await readBodyPrefix(response.body, RESPONSE_READ_LIMIT_BYTES);
      return {
        statusCode: response.statusCode,
        errorClass: classifyStatus(response.statusCode),
        retryAfter: firstValue(response.headers['retry-after']),
        bodyPrefix: storableText(prefix, this.#options.captureBytes),
        interrupted: false,
      };
    } catch (err) {
      return {
        statusCode: undefined,
        errorClass: classifyRequestError(err, attempt.timedOut),
        retryAfter: undefined,
        bodyPrefix: undefined,
        interrupted: stopSignal.aborted && !attempt.timedOut,
        blocked: err instanceof OutboundBlockedError
          ? { address: err.address, addressClass: err.addressClass } : undefined,
      };
    } finally {
      attempt.release();
    }
  }

  /** Drops every pooled connection; requests still running fail. */
  async close(): Promise<void> {
    await this.#agent.destroy();
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
