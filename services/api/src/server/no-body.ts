import type { FastifyRequest } from 'fastify';
import { HarborhookError } from '@harborhook/shared/errors';

/**
 * For routes that take no body: one sent anyway is refused rather than silently ignored. A
 * JSON body was sent whenever the parser kept its source, even when its value is `null`.
 */
export async function rejectBody(request: FastifyRequest): Promise<void> {
  if (request.jsonSource !== null || (request.body !== undefined && request.body !== null)) {
    throw new HarborhookError('WHK_ERR_REQUEST_INVALID', 'this route takes no request body');
  }
}
