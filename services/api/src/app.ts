import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { createPool, type Pool } from '@harborhook/shared/db/pool';
import { createLogger, type Logger } from '@harborhook/shared/logger';
import { registerPoolMetrics } from '@harborhook/shared/metrics/pool-metrics';
import { createServiceRegistry } from '@harborhook/shared/metrics/registry';
import type { Registry } from 'prom-client';
import type { ApiConfig } from './config.ts';
import { createGroupCommitMetrics } from './metrics/group-commit-metrics.ts';
import { installAuthentication } from './auth/authenticate.ts';
import { loadKeySet } from './auth/key-set.ts';
import { createTokenVerifier, type TokenVerifier } from './auth/token-verifier.ts';
import { installOverloadGuard } from './limits/overload.ts';
import { createPublishRateLimit } from './limits/publish-rate-limit.ts';
import { applyServerLimits } from './limits/server-limits.ts';
import { swaggerOptions } from './openapi/swagger-options.ts';
import { installDrainingConnectionClose } from './server/draining.ts';
import { createClientErrorHandler } from './server/client-errors.ts';
import { answerFrameworkError, installErrorHandlers } from './server/error-handler.ts';
import { installJsonBodyParser } from './server/json-body.ts';
import { RequestLog } from './server/request-log.ts';
import { installRequestTracing } from './server/request-tracing.ts';
import { httpsServerOptions, type ApiTlsConfig } from './server/tls.ts';
import { addSharedSchemas } from './server/shared-schemas.ts';
import { compileValidator, describeValidationError } from './server/validators.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import { endpointRoutes } from './routes/endpoints.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoute } from './routes/metrics.ts';
import { createApiMetrics } from './metrics/api-metrics.ts';
import { installPublishMetrics } from './metrics/publish-hook.ts';
import { publishRoute } from './routes/publish.ts';
import { publishBatchRoute } from './routes/publish-batch.ts';
import { GroupCommit } from './publish/group-commit.ts';
import { replayRoutes } from './routes/replays.ts';

/** Bodies of routes that set no limit of their own (endpoint management, bulk replay). */
const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Longer than any request line node's parser admits (16 KiB of headers), so a long path id is
 * routed and answered 404 like any other id that is not a UUID.
 */
const MAX_PARAM_LENGTH = 16 * 1024;

export interface ServerDependencies {
  config: Readonly<ApiConfig>;
  pool: Pool;
  verifier: TokenVerifier;
  logger: Logger;
  /** The process's metrics; a fresh registry when omitted (tests that only inject). */
  registry?: Registry;
  /** The group commit of publishes; one on `pool` when omitted. */
  groupCommit?: GroupCommit;
}

function createFastify(logger: Logger, tls: ApiTlsConfig | undefined): FastifyInstance {
  // Fastify types an HTTPS instance apart; the routes and hooks are the same either way.
  const https = tls === undefined ? {} : { https: httpsServerOptions(tls) };
  return Fastify({
    ...https,
    loggerInstance: logger as FastifyBaseLogger,
    logController: new RequestLog(),
    genReqId: () => randomUUID(),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // While draining, a request that still arrives on an open connection is served (with
    // Connection: close) rather than refused with a body outside the error shape.
    return503OnClosing: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: createClientErrorHandler(logger),
    schemaErrorFormatter: (errors, dataVar) => new Error(
      errors.map((error) => describeValidationError(error, dataVar)).join('; ')),
  });
}

/** The whole HTTP application, ready but not listening: tests may `inject` into it. */
export async function buildServer(deps: ServerDependencies): Promise<FastifyInstance> {
  const app = createFastify(deps.logger, deps.config.tls);
  // First, so that every later hook and handler runs inside the request's span.
  await installRequestTracing(app);
  applyServerLimits(app.server, deps.config.limits);
  app.setValidatorCompiler(compileValidator);
  installJsonBodyParser(app);
  installErrorHandlers(app);
  installDrainingConnectionClose(app);
  addSharedSchemas(app);
  await app.register(swagger, swaggerOptions);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, deps.pool);
  const registry = deps.registry ?? createServiceRegistry('api');
  metricsRoute(app, registry);
  const metrics = createApiMetrics(registry);
  const publishRateLimit = createPublishRateLimit(deps.config.limits);
  await app.register(async (v1) => {
    // First: an overloaded process should not even verify tokens.
    await installOverloadGuard(v1, deps.config.limits);
    installPublishMetrics(v1, metrics);
    installAuthentication(v1, deps.verifier);
    const groupCommit = deps.groupCommit ?? new GroupCommit(deps.pool, deps.config.publishGroup,
      createGroupCommitMetrics(registry));
    publishRoute(v1, deps.pool, groupCommit, deps.config, publishRateLimit, metrics);
    publishBatchRoute(v1, deps.pool, groupCommit, deps.config, publishRateLimit, metrics);
    eventRoutes(v1, deps.pool);
    endpointRoutes(v1, deps.pool, deps.config);
    deliveryRoutes(v1, deps.pool);
    replayRoutes(v1, deps.pool, metrics);
  });
  await app.ready();
  return app;
}

export interface ApiHandle {
  /** Base URL, like http://127.0.0.1:8080 (https:// when the api serves TLS). */
  url: string;
  /** This api's metrics, also served at `/metrics`. */
  registry: Registry;
  /** Stops accepting requests, lets in-flight ones finish, then closes the database pool. */
  close(): Promise<void>;
}

function baseUrl(app: FastifyInstance, host: string, scheme: 'http' | 'https'): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  // An unspecified listen address is reached through loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `${scheme}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startApi(config: Readonly<ApiConfig>, options: { logger?: Logger } = {}):
  Promise<ApiHandle> {
  const logger = options.logger ?? createLogger('api', config.log);
  const verifier = createTokenVerifier(config.auth, await loadKeySet(config.auth.jwks, logger));
  const pool = createPool(config.database, logger, 'harborhook-api');
  const registry = createServiceRegistry('api');
  const groupCommit = new GroupCommit(pool, config.publishGroup,
    createGroupCommitMetrics(registry));
  registerPoolMetrics(registry, pool, () => groupCommit.waiting);
  let app: FastifyInstance;
  try {
    app = await buildServer({ config, pool, verifier, logger, registry, groupCommit });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    url: baseUrl(app, config.host, config.tls === undefined ? 'http' : 'https'),
    registry,
    close: async () => {
      closing ??= app.close().then(async () => await pool.end());
      await closing;
    },
  };
}
