import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';

/** Whose side each error class is on; a Record, so a new ErrorClass fails the type check. */
const CAUSE_OF: Record<ErrorClass, 'receiver' | 'platform'> = {
  http_3xx: 'receiver', http_4xx: 'receiver', http_429: 'receiver', http_5xx: 'receiver',
  timeout: 'receiver', connection: 'receiver', dns: 'receiver', ssrf_blocked: 'receiver',
  endpoint_disabled: 'receiver', internal: 'platform',
};

export const ERROR_CLASSES = Object.keys(CAUSE_OF) as ErrorClass[];

/**
 * Whose side a failure is on, for the delivery success SLI: only `platform` failures count
 * against Harborhook. A refused address or a disabled endpoint is the tenant's configuration,
 * so it counts with the receiver; `internal` (no usable signing key, say) is ours.
 */
export function failureCause(errorClass: ErrorClass | null): 'none' | 'receiver' | 'platform' {
  return errorClass === null ? 'none' : CAUSE_OF[errorClass];
}
