import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake API received it, body bytes included. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent, e.g. `/v1/endpoints?limit=2`. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status?: number;
  /** Sent as compact JSON. */
  json?: unknown;
  /** Sent as is; wins over `json`. */
  body?: string | Buffer;
  contentType?: string;
}

/** `hang` never answers, for timeout tests. */
export type Handler = (req: RecordedRequest) => Reply | 'hang';

/**
 * A stand-in for the Harborhook API on 127.0.0.1: answers canned replies by method and path and
 * records every request, so tests can assert exactly what harborctl sent.
 */
export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Handler>();
  readonly #server: Server;
  #url = '';

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeApi> {
    const server = createServer();
    const api = new FakeApi(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const recorded: RecordedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          pathname: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        };
        api.requests.push(recorded);
        const handler = api.#routes.get(`${recorded.method} ${recorded.pathname}`);
        const reply = handler === undefined
          ? { status: 404, json: apiError(404, 'WHK_ERR_ROUTE_NOT_FOUND', 'no such route') }
          : handler(recorded);
        if (reply === 'hang') return;
        const body = reply.body ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.contentType ?? 'application/json; charset=utf-8',
        });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return api;
  }

  get url(): string {
    return this.#url;
  }

  /** Answers `method path` (path without query) with a fixed reply or a handler. */
  on(method: string, path: string, reply: Reply | Handler): this {
    this.#routes.set(`${method} ${path}`, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  /** Forgets routes and recorded requests between tests. */
  reset(): void {
    this.#routes.clear();
    this.requests.length = 0;
  }

  /** The only request received; fails the test if there were more or none. */
  only(): RecordedRequest {
    if (this.requests.length !== 1) {
      throw new Error(`expected 1 request, got ${this.requests.length}: `
        + this.requests.map((r) => `${r.method} ${r.url}`).join(', '));
    }
    return this.requests[0] as RecordedRequest;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function apiError(statusCode: number, code: string, message: string,
  details?: string[]): Record<string, unknown> {
  const error = statusCode === 404 ? 'Not Found' : statusCode === 401 ? 'Unauthorized' : 'Error';
  return { statusCode, code, error, message, ...(details === undefined ? {} : { details }) };
}
