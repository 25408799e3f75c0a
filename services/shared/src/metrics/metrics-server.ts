import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { Registry } from 'prom-client';
import type { MetricsConfig } from '../config/common.ts';
import { HarborhookError } from '../errors.ts';

export interface MetricsServerOptions {
  config: MetricsConfig;
  registry: Registry;
  /** Readiness: whether the service's dependencies answer. */
  ready(): Promise<boolean>;
}

export interface MetricsServer {
  /** Base URL, like http://127.0.0.1:9101. */
  url: string;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function answer(options: MetricsServerOptions, request: IncomingMessage,
  response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendJson(response, 405, { status: 'method not allowed' });
  } else if (path === '/metrics') {
    const text = await options.registry.metrics();
    response.writeHead(200, { 'content-type': options.registry.contentType });
    response.end(text);
  } else if (path === '/healthz') {
    // Liveness never touches a dependency: a database outage must not restart the process.
    sendJson(response, 200, { status: 'ok' });
  } else if (path === '/readyz') {
    const ready = await options.ready().catch(() => false);
    sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  } else {
    sendJson(response, 404, { status: 'not found' });
  }
}

/** The relay's and worker's small HTTP listener for scrapes and orchestrator probes. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    answer(options, request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, { status: 'error' });
      else response.destroy();
    });
  });
  server.listen(options.config.port, options.config.host);
  try {
    await once(server, 'listening');
  } catch (err) {
    // A port in use is a configuration problem: say which setting to change.
    const code = (err as { code?: string }).code ?? 'error';
    throw new HarborhookError('WHK_ERR_CONFIG_INVALID', `cannot listen for metrics on `
      + `${options.config.host}:${options.config.port} (${code}): set METRICS_HOST or `
      + 'METRICS_PORT', [code]);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.config.host.includes(':') ? `[${options.config.host}]`
    : options.config.host;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
