import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyStatus, decide, parseRetryAfterMs, type AttemptResult, type Decision,
  type ErrorClass, type RetryPolicy,
} from '@harborhook/shared/delivery/retry-policy';

const POLICY: RetryPolicy = {
  scheduleMs: [1_000, 10_000],
  jitter: 0.5,
  permanentStatusCodes: [400, 410, 422],
  retryAfterMinMs: 2_000,
  retryAfterMaxMs: 60_000,
};
const NOW = Date.parse('2026-01-01T00:00:00Z');
const MIDDLE = (): number => 0.5;

function result(statusCode: number | undefined, errorClass: ErrorClass | null,
  retryAfter?: string): AttemptResult {
  return { statusCode, errorClass, retryAfter };
}

describe('retry policy decide', () => {
  const cases: { name: string; attempt: number; result: AttemptResult; random?: () => number;
    expected: Decision }[] = [
    { name: '2xx is delivered', attempt: 1, result: result(204, null),
      expected: { outcome: 'delivered' } },
    { name: '2xx on the last attempt is delivered', attempt: 3, result: result(200, null),
      expected: { outcome: 'delivered' } },
    { name: 'a disabled endpoint is dead at once', attempt: 1,
      result: result(undefined, 'endpoint_disabled'), expected: { outcome: 'dead' } },
    { name: 'an address refused by the SSRF guard is dead at once', attempt: 1,
      result: result(undefined, 'ssrf_blocked'), expected: { outcome: 'dead' } },
    { name: 'a permanent 410 is dead at once', attempt: 1, result: result(410, 'http_4xx'),
      expected: { outcome: 'dead' } },
    { name: 'a permanent 422 is dead at once', attempt: 1, result: result(422, 'http_4xx'),
      expected: { outcome: 'dead' } },
    { name: 'a non-permanent 4xx (409) is retried', attempt: 1, result: result(409, 'http_4xx'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: '3xx is retried', attempt: 1, result: result(302, 'http_3xx'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: '5xx is retried on the schedule', attempt: 2, result: result(503, 'http_5xx'),
      expected: { outcome: 'retry', delayMs: 10_000 } },
    { name: '429 without Retry-After follows the schedule', attempt: 1,
      result: result(429, 'http_429'), expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'timeout is retried', attempt: 1, result: result(undefined, 'timeout'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'connection is retried', attempt: 1, result: result(undefined, 'connection'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'dns is retried', attempt: 1, result: result(undefined, 'dns'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'internal is retried', attempt: 1, result: result(undefined, 'internal'),
      expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'any failure on the last attempt is dead', attempt: 3,
      result: result(500, 'http_5xx'), expected: { outcome: 'dead' } },
    { name: 'jitter spreads down', attempt: 1, result: result(500, 'http_5xx'),
      random: () => 0, expected: { outcome: 'retry', delayMs: 500 } },
    { name: 'jitter spreads up', attempt: 2, result: result(500, 'http_5xx'),
      random: () => 0.999999, expected: { outcome: 'retry', delayMs: 15_000 } },
    { name: 'Retry-After seconds replace the schedule', attempt: 1,
      result: result(429, 'http_429', '30'), expected: { outcome: 'retry', delayMs: 30_000 } },
    { name: 'Retry-After below the minimum is raised', attempt: 1,
      result: result(503, 'http_5xx', '0'), expected: { outcome: 'retry', delayMs: 2_000 } },
    { name: 'Retry-After above the maximum is capped', attempt: 1,
      result: result(429, 'http_429', '86400'), expected: { outcome: 'retry', delayMs: 60_000 } },
    { name: 'Retry-After as an HTTP date', attempt: 1,
      result: result(429, 'http_429', new Date(NOW + 45_000).toUTCString()),
      expected: { outcome: 'retry', delayMs: 45_000 } },
    { name: 'unparseable Retry-After falls back to the schedule', attempt: 1,
      result: result(429, 'http_429', 'soon'), expected: { outcome: 'retry', delayMs: 1_000 } },
    { name: 'Retry-After does not extend the attempts', attempt: 3,
      result: result(429, 'http_429', '5'), expected: { outcome: 'dead' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(decide(POLICY, c.attempt, c.result, NOW, c.random ?? MIDDLE), c.expected);
    });
  }
});

describe('retry policy parseRetryAfterMs', () => {
  const cases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['0', 0],
    ['120', 120_000],
    [' 7 ', 7_000],
    [new Date(NOW + 90_000).toUTCString(), 90_000],
    [new Date(NOW - 90_000).toUTCString(), 0],
    ['tomorrow', undefined],
    // Regression: Date.parse alone reads these as dates in 2001.
    ['-5', undefined],
    ['1.5', undefined],
    ['Sunday, 01-Jan-26 00:01:00 GMT', 60_000],
    ['Thu Jan  1 00:02:00 2026', 120_000],
  ];
  for (const [value, expected] of cases) {
    it(`reads ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(parseRetryAfterMs(value, NOW), expected);
    });
  }
});

describe('retry policy classifyStatus', () => {
  const cases: [number, ErrorClass | null][] = [
    [200, null], [204, null], [299, null], [301, 'http_3xx'], [302, 'http_3xx'],
    [304, 'http_3xx'], [400, 'http_4xx'], [410, 'http_4xx'], [429, 'http_429'],
    [499, 'http_4xx'], [500, 'http_5xx'], [503, 'http_5xx'], [599, 'http_5xx'],
  ];
  for (const [status, expected] of cases) {
    it(`classifies ${status} as ${expected}`, () => {
      assert.equal(classifyStatus(status), expected);
    });
  }
});
