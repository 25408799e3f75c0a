import { HarborhookError, isHarborhookError } from '@harborhook/shared/errors';
import { isDatabaseUnavailable } from '@harborhook/shared/db/unavailable';

/** Fastify's own errors, by code, and the stable code each becomes. */
const FASTIFY_CODES: Record<string, HarborhookError['code']> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'WHK_ERR_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'WHK_ERR_REQUEST_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'WHK_ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'WHK_ERR_REQUEST_MALFORMED_JSON',
};

const FASTIFY_MESSAGES: Partial<Record<HarborhookError['code'], string>> = {
  WHK_ERR_REQUEST_TOO_LARGE: 'the body is larger than this route accepts',
  WHK_ERR_REQUEST_MEDIA_TYPE: 'the body must be sent as Content-Type: application/json',
  WHK_ERR_REQUEST_MALFORMED_JSON: 'the body is not valid JSON',
};

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  validation?: unknown;
  message?: unknown;
}

/**
 * Turns anything thrown while serving a request into a HarborhookError whose message is safe to
 * send: our own errors pass through, schema failures become WHK_ERR_REQUEST_INVALID, database
 * outages WHK_ERR_DEPENDENCY_UNAVAILABLE, and everything else a bare WHK_ERR_INTERNAL.
 */
export function toHarborhookError(err: unknown): HarborhookError {
  if (isHarborhookError(err)) return err;
  const framework = (err ?? {}) as FrameworkError;
  if (framework.validation !== undefined) {
    return new HarborhookError('WHK_ERR_REQUEST_INVALID', String(framework.message));
  }
  const mapped = typeof framework.code === 'string' ? FASTIFY_CODES[framework.code] : undefined;
  if (mapped !== undefined) {
    return new HarborhookError(mapped, FASTIFY_MESSAGES[mapped] ?? String(framework.message));
  }
  if (isDatabaseUnavailable(err)) {
    return new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
      'the database is unavailable; try again later');
  }
  if (isClientError(framework)) {
    return new HarborhookError('WHK_ERR_REQUEST_INVALID', String(framework.message));
  }
  return new HarborhookError('WHK_ERR_INTERNAL', 'an internal error occurred');
}

/** Other 4xx errors Fastify raises (a bad URL encoding, a bad Content-Length) are the client's. */
function isClientError(framework: FrameworkError): boolean {
  const status = framework.statusCode;
  return typeof framework.code === 'string' && framework.code.startsWith('FST_')
    && typeof status === 'number' && status >= 400 && status < 500;
}
