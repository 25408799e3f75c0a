import { mintToken, type DevSigner, type Scope } from '../auth/dev-keys.ts';
import { requestApi, type ApiResponse } from '../http/api-request.ts';
import { LabError } from './lab-error.ts';

export type LabApiResponse = ApiResponse;

/**
 * The lab's api as a client sees it: its URL, tokens signed with the lab's development key,
 * and the two calls every experiment makes (register an endpoint, publish an event).
 */
export class LabApiClient {
  readonly url: string;
  readonly #signer: DevSigner;

  constructor(url: string, signer: DevSigner) {
    this.url = url;
    this.#signer = signer;
  }

  async token(tenant: string, scopes?: readonly Scope[]): Promise<string> {
    return await mintToken(this.#signer,
      scopes === undefined ? { tenant } : { tenant, scopes: [...scopes] });
  }

  /** One request; a string or bytes body is sent as is, anything else as JSON. */
  async request(token: string, method: string, path: string, body?: unknown,
    headers: Record<string, string> = {}): Promise<LabApiResponse> {
    return await requestApi(this.url, { token, method, path, body, headers });
  }

  /** Registers an endpoint; returns its id and signing secret. */
  async createEndpoint(token: string, url: string, eventTypes: string[] = ['*']):
    Promise<{ id: string; secret: string }> {
    const response = await this.request(token, 'POST', '/v1/endpoints', { url, eventTypes });
    expectStatus(response, 201, 'POST /v1/endpoints');
    return response.json as { id: string; secret: string };
  }

  /** Publishes raw bytes as one event of `type`; returns the event id. */
  async publish(token: string, type: string, body: string | Uint8Array,
    headers: Record<string, string> = {}): Promise<{ id: string; deliveryCount: number }> {
    const response = await this.request(token, 'POST', '/v1/events', body,
      { 'harborhook-event-type': type, ...headers });
    expectStatus(response, 202, 'POST /v1/events');
    return response.json as { id: string; deliveryCount: number };
  }
}

function expectStatus(response: LabApiResponse, status: number, what: string): void {
  if (response.status === status) return;
  // Only the error code goes into the message: bodies may echo payloads.
  const code = (response.json as { code?: unknown } | undefined)?.code;
  throw new LabError('LAB_ERR_API_REQUEST', `${what} answered ${response.status}`
    + `${typeof code === 'string' ? ` ${code}` : ''}, expected ${status}`);
}
