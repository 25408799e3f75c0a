import { HarborhookError, isHarborhookError } from '@harborhook/shared/errors';
import { isDatabaseUnavailable } from '@harborhook/shared/db/unavailable';
import { QUERY_CANCELED, sqlState } from '@harborhook/shared/db/sqlstate';

/** Fastify's own errors, by code, and the stable code each becomes. */
const FASTIFY_CODES: Record<string, HarborhookError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'WHK_ERR_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'WHK_ERR_REQUEST_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'WHK_ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'WHK_ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_BAD_URL: 'WHK_ERR_REQUEST_INVALID',
  // Routing gave up on an over-long path segment: no id that long names anything.
  FST_ERR_MAX_PARAM_LENGTH: 'WHK_ERR_RESOURCE_NOT_FOUND',
};

const FASTIFY_MESSAGES: Partial<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than this route accepts',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the body must be sent as Content-Type: application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the body size does not match its Content-Length',
  FST_ERR_BAD_URL: 'the URL path is not valid percent-encoded UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'resource not found',
};

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  message?: unknown;
}

/**
 * A Postgres data exception (SQLSTATE class 22: a value out of range or of the wrong form).
 * Its message quotes the offending value, which came from the request.
 */
export function isDataException(err: unknown): boolean {
  return sqlState(err)?.startsWith('22') ?? false;
}

/**
 * Turns anything thrown while serving a request into a HarborhookError whose message is safe to
 * send: our own errors pass through, schema failures become WHK_ERR_REQUEST_INVALID, database
 * outages WHK_ERR_DEPENDENCY_UNAVAILABLE, and everything else a bare WHK_ERR_INTERNAL. Fastify's
 * own messages are never passed on: several quote the URL.
 */
export function toHarborhookError(err: unknown): HarborhookError {
  if (isHarborhookError(err)) return err;
  const framework = (err ?? {}) as FrameworkError;
  if (framework.validation !== undefined) {
    return new HarborhookError('WHK_ERR_REQUEST_INVALID', String(framework.message));
  }
  const fastifyCode = typeof framework.code === 'string' ? framework.code : '';
  const mapped = FASTIFY_CODES[fastifyCode];
  if (mapped !== undefined) {
    return new HarborhookError(mapped, FASTIFY_MESSAGES[fastifyCode] ?? 'the request is invalid');
  }
  if (isDatabaseUnavailable(err)) {
    return new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
      'the database is unavailable; try again later');
  }
  // The statement timeout: the database is too busy to answer in time, which is the same
  // "try again later" for the client.
  if (sqlState(err) === QUERY_CANCELED) {
    return new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
      'the database did not answer in time; try again later');
  }
  // A safety net: request values are checked before any query, so this means a check is missing.
  if (isDataException(err)) {
    return new HarborhookError('WHK_ERR_REQUEST_INVALID',
      'a value in the request is out of range or not of the expected form');
  }
  if (isClientError(framework)) {
    return new HarborhookError('WHK_ERR_REQUEST_INVALID',
      FASTIFY_MESSAGES[fastifyCode] ?? 'the request is invalid');
  }
  return new HarborhookError('WHK_ERR_INTERNAL', 'an internal error occurred');
}

/** Other 4xx errors Fastify raises (a bad Content-Length, for example) are the client's. */
function isClientError(framework: FrameworkError): boolean {
  const status = framework.statusCode;
  return typeof framework.code === 'string' && framework.code.startsWith('FST_')
    && typeof status === 'number' && status >= 400 && status < 500;
}
