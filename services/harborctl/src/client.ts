import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import type { Config } from './config.ts';
import { ApiError, ConnectionError, UsageError } from './errors.ts';
import { USER_AGENT } from './package-info.ts';
import { tlsConnectOptions } from './tls.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: Method;
  /** Path below the API URL, e.g. `/v1/endpoints`; ids in it go through `idSegment`. */
  path: string;
  /** Query parameters; undefined ones are left out. */
  query?: Readonly<Record<string, string | undefined>>;
  /** A value sent as JSON. */
  json?: unknown;
  /** Raw bytes sent as they are, as `application/json`. */
  body?: Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** False for the unauthenticated probes (/healthz, /readyz). */
  auth?: boolean;
}

export interface ApiResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

export interface JsonResponse extends ApiResponse {
  value: unknown;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * One id as a path segment, checked: an id like `..` or `a/b` would otherwise address a
 * different resource than the one the user named.
 */
export function idSegment(what: string, id: string): string {
  if (!ID.test(id)) throw new UsageError(`not a valid ${what} id: "${id}"`);
  return id;
}

// Header values go on the wire as given; refusing control characters keeps a stray newline
// in a flag from producing a malformed request.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The API URL without credentials, for messages. */
function displayOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}

function errorCode(err: unknown): string | undefined {
  const code: unknown = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // Node reports a failed dual-stack connect as an AggregateError of per-address errors.
  if (err instanceof AggregateError) return errorCode(err.errors[0]);
  return undefined;
}

/** A non-2xx answer as an ApiError, from the API's error body when it has one. */
export function toApiError(res: ApiResponse): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const body = parsed as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  if (typeof body?.code === 'string' && typeof body.message === 'string') {
    const details = Array.isArray(body.details)
      ? body.details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)))
      : [];
    return new ApiError(res.status, body.code, body.message, details);
  }
  // Not the API's error shape: a proxy or a different server answered.
  const text = res.body.toString('utf8').trim().slice(0, 200);
  const message = `HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}`.trim()
    + (text === '' ? '' : `: ${text}`);
  return new ApiError(res.status, `HTTP_${res.status}`, message);
}

export class ApiClient {
  readonly #config: Config;
  readonly #agent: Agent;

  constructor(config: Config) {
    this.#config = config;
    // Over HTTPS, a CA of our own and a client certificate, when configured.
    const tls = config.tls === undefined ? {} : tlsConnectOptions(config.tls);
    this.#agent = new Agent({ connect: { timeout: config.timeoutMs, ...tls } });
  }

  /** Sends one request and returns the answer whatever its status. */
  async send(req: ApiRequest): Promise<ApiResponse> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
    };
    let body: Uint8Array | string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.body !== undefined) {
      body = req.body;
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (!HEADER_VALUE.test(value)) {
        throw new UsageError(`the ${name} value has characters not allowed in an HTTP header`);
      }
      headers[name.toLowerCase()] = value;
    }
    if (req.auth !== false && this.#config.token !== undefined) {
      // Checked without echoing the value: the token must never reach the terminal.
      if (!HEADER_VALUE.test(this.#config.token)) {
        throw new UsageError('the token contains characters not allowed in an HTTP header');
      }
      headers.authorization = `Bearer ${this.#config.token}`;
    }

    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) query.set(name, value);
    }
    const search = query.size > 0 ? `?${query.toString()}` : '';
    const url = `${this.#config.apiUrl}${req.path}${search}`;

    const signal = AbortSignal.timeout(this.#config.timeoutMs);
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body,
        signal,
        dispatcher: this.#agent,
      });
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const contentType = res.headers['content-type'];
      return {
        status: res.statusCode,
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
        body: bytes,
      };
    } catch (err) {
      throw this.#connectionError(err, signal.aborted);
    }
  }

  /** Sends one request; a non-2xx answer becomes an ApiError. */
  async call(req: ApiRequest): Promise<ApiResponse> {
    const res = await this.send(req);
    if (res.status < 200 || res.status > 299) throw toApiError(res);
    return res;
  }

  /** Like `call`, and parses the body as JSON (undefined for an empty body). */
  async callJson(req: ApiRequest): Promise<JsonResponse> {
    const res = await this.call(req);
    if (res.body.length === 0) return { ...res, value: undefined };
    try {
      return { ...res, value: JSON.parse(res.body.toString('utf8')) };
    } catch {
      throw new ApiError(res.status, 'HARBORCTL_BAD_RESPONSE',
        `the API answered ${res.status} with a body that is not JSON`);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  #connectionError(err: unknown, timedOut: boolean): ConnectionError {
    const origin = displayOrigin(this.#config.apiUrl);
    const code = errorCode(err);
    if (timedOut || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT'
      || code === 'UND_ERR_BODY_TIMEOUT') {
      return new ConnectionError(
        `no answer from ${origin} within ${this.#config.timeoutMs} ms (see --timeout)`,
        { cause: err });
    }
    if (code === 'ECONNREFUSED') {
      return new ConnectionError(`cannot connect to ${origin}: connection refused; is the API `
        + 'running? (set --api-url or HARBORHOOK_API_URL)', { cause: err });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new ConnectionError(`cannot resolve the host of ${origin}`, { cause: err });
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new ConnectionError(`request to ${origin} failed: ${code ?? reason}`, { cause: err });
  }
}
