/**
 * What happens after an attempt: delivered, retried at a time, or dead. The policy is data: the
 * schedule, the jitter, the permanent status codes and the Retry-After bounds all come from
 * configuration, and a table-driven test covers every class.
 */
export interface RetryPolicy {
  /** Delay before attempt n+1 is scheduleMs[n-1]; attempts = scheduleMs.length + 1. */
  scheduleMs: readonly number[];
  /** Fraction (0..1) by which each delay is spread at random, up or down. */
  jitter: number;
  /** 4xx codes that will not get better by retrying: the delivery goes dead at once. */
  permanentStatusCodes: readonly number[];
  /** A receiver's Retry-After is honoured within these bounds. */
  retryAfterMinMs: number;
  retryAfterMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // Roughly exponential, about a day in all: 5s 30s 2m 10m 30m 1h 3h 6h 12h.
  scheduleMs: [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000,
    21_600_000, 43_200_000],
  jitter: 0.2,
  permanentStatusCodes: [400, 401, 403, 404, 405, 410, 411, 413, 414, 415, 422],
  retryAfterMinMs: 1_000,
  retryAfterMaxMs: 3_600_000,
};

/** Why an attempt failed; `null` for a 2xx. Kept small: these become metric labels. */
export type ErrorClass =
  | 'http_3xx' | 'http_4xx' | 'http_429' | 'http_5xx' | 'timeout' | 'connection' | 'dns'
  | 'endpoint_disabled' | 'internal' | 'ssrf_blocked';

export interface AttemptResult {
  statusCode: number | undefined;
  errorClass: ErrorClass | null;
  /** Retry-After header as the receiver sent it, if any. */
  retryAfter: string | undefined;
}

export type Decision =
  | { outcome: 'delivered' }
  | { outcome: 'dead' }
  | { outcome: 'retry'; delayMs: number };

export function classifyStatus(statusCode: number): ErrorClass | null {
  if (statusCode >= 200 && statusCode < 300) return null;
  if (statusCode === 429) return 'http_429';
  if (statusCode >= 500) return 'http_5xx';
  if (statusCode >= 400) return 'http_4xx';
  return 'http_3xx';
}

/**
 * @param attemptNumber the attempt that just finished, counting from 1
 * @param random a source of [0, 1) numbers; injectable for tests
 */
export function decide(policy: RetryPolicy, attemptNumber: number, result: AttemptResult,
  now: number, random: () => number = Math.random): Decision {
  if (result.errorClass === null) return { outcome: 'delivered' };
  if (result.errorClass === 'endpoint_disabled') return { outcome: 'dead' };
  // The SSRF guard refused the endpoint's address: waiting does not make it public.
  if (result.errorClass === 'ssrf_blocked') return { outcome: 'dead' };
  if (result.errorClass === 'http_4xx' && result.statusCode !== undefined
    && policy.permanentStatusCodes.includes(result.statusCode)) {
    return { outcome: 'dead' };
  }
  const scheduled = policy.scheduleMs[attemptNumber - 1];
  if (scheduled === undefined) return { outcome: 'dead' };

  const spread = 1 + policy.jitter * (2 * random() - 1);
  let delayMs = Math.max(0, Math.round(scheduled * spread));
  const asked = parseRetryAfterMs(result.retryAfter, now);
  if (asked !== undefined) {
    delayMs = Math.min(policy.retryAfterMaxMs, Math.max(policy.retryAfterMinMs, asked));
  }
  return { outcome: 'retry', delayMs };
}

const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would take "-5" as a date.
  if (!HTTP_DATE_START.test(text)) return undefined;
  // asctime() dates carry no zone but are GMT by definition (RFC 9110 section 5.6.7).
  const date = Date.parse(text.includes(',') ? text : `${text} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
