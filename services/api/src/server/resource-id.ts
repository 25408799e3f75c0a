import { HarborhookError } from '@harborhook/shared/errors';
import { isUuid } from '@harborhook/shared/ids';

export function notFound(what: string): HarborhookError {
  return new HarborhookError('WHK_ERR_RESOURCE_NOT_FOUND', `${what} not found`);
}

/**
 * A resource id from a path or body. Anything that is not a UUID cannot name a resource, so it
 * is "not found", exactly like an unknown id or another tenant's id.
 */
export function resourceId(raw: string, what: string): string {
  const id = raw.toLowerCase();
  if (!isUuid(id)) throw notFound(what);
  return id;
}

/** The value, or a 404 for `what` when the lookup found nothing. */
export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}
