import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';
import { classifyRequestError } from '../src/http/classify-error.ts';

function coded(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('request error classification', () => {
  const cases: [string, unknown, boolean, ErrorClass][] = [
    ['the attempt deadline', new Error('aborted'), true, 'timeout'],
    ['a connect timeout', coded('UND_ERR_CONNECT_TIMEOUT'), false, 'timeout'],
    ['a headers timeout', coded('UND_ERR_HEADERS_TIMEOUT'), false, 'timeout'],
    ['a body timeout', coded('UND_ERR_BODY_TIMEOUT'), false, 'timeout'],
    ['ETIMEDOUT', coded('ETIMEDOUT'), false, 'timeout'],
    ['ENOTFOUND', coded('ENOTFOUND'), false, 'dns'],
    ['EAI_AGAIN', coded('EAI_AGAIN'), false, 'dns'],
    ['ECONNREFUSED', coded('ECONNREFUSED'), false, 'connection'],
    ['ECONNRESET', coded('ECONNRESET'), false, 'connection'],
    ['EPIPE', coded('EPIPE'), false, 'connection'],
    ['an undici socket error', coded('UND_ERR_SOCKET'), false, 'connection'],
    ['a TLS failure', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), false, 'connection'],
    ['a code on the cause', Object.assign(new Error('fetch failed'),
      { cause: coded('ECONNREFUSED') }), false, 'connection'],
    ['an invalid argument', coded('UND_ERR_INVALID_ARG'), false, 'internal'],
    ['an error without a code', new Error('strange'), false, 'internal'],
  ];
  for (const [name, err, timedOut, expected] of cases) {
    it(`classifies ${name} as ${expected}`, () => {
      assert.equal(classifyRequestError(err, timedOut), expected);
    });
  }
});
