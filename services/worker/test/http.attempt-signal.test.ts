import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { AttemptSignal } from '../src/http/attempt-signal.ts';

test('the deadline aborts the attempt and is told apart from a stop', async () => {
  const stop = new AbortController();
  const attempt = new AttemptSignal(5, stop.signal);
  await once(attempt.signal, 'abort');
  assert.equal(attempt.timedOut, true);
  assert.equal((attempt.signal.reason as DOMException).name, 'TimeoutError');
  attempt.release();
  assert.equal(stop.signal.aborted, false);
});

test('a stop aborts the attempt with the stop reason, not as a timeout', () => {
  const stop = new AbortController();
  const attempt = new AttemptSignal(60_000, stop.signal);
  stop.abort(new Error('shutting down'));
  assert.equal(attempt.signal.aborted, true);
  assert.equal((attempt.signal.reason as Error).message, 'shutting down');
  assert.equal(attempt.timedOut, false);
  attempt.release();
});

test('an attempt started after the stop is aborted at once', () => {
  const stop = new AbortController();
  stop.abort();
  const attempt = new AttemptSignal(60_000, stop.signal);
  assert.equal(attempt.signal.aborted, true);
  attempt.release();
});

test('a released attempt neither times out nor hears a later stop', async () => {
  const stop = new AbortController();
  const attempt = new AttemptSignal(1, stop.signal);
  attempt.release();
  // A second attempt with a longer deadline: once it fires, the first one's timer has had
  // its chance.
  const later = new AttemptSignal(20, new AbortController().signal);
  await once(later.signal, 'abort');
  stop.abort();
  assert.equal(attempt.signal.aborted, false);
  assert.equal(attempt.timedOut, false);
});
