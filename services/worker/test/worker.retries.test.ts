import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import type { ReceiverBehaviour } from '@harborhook/lab/receivers/receiver';
import {
  attemptsOf, insertDelivery, insertEndpoint, insertEvent, type AttemptRow,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed, type Env } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

interface Row { status: string; attempt_count: number; last_status_code: number | null;
  last_error_class: string | null; finished_at: Date | null; retry_in_ms: number }

async function deliveryRow(bed: TestBed, id: string): Promise<Row> {
  const { rows } = await bed.pool.query<Row>(`SELECT status, attempt_count, last_status_code,
    last_error_class, finished_at,
    (extract(epoch FROM next_attempt_at - updated_at) * 1000)::integer AS retry_in_ms
    FROM deliveries WHERE id = $1`, [id]);
  const row = rows[0];
  assert.ok(row, `delivery ${id} exists`);
  return row;
}

/** One delivery to a receiver with `behaviour`, with a relay and a worker running. */
async function oneDelivery(bed: TestBed, behaviour: ReceiverBehaviour, env: Env = {}) {
  const receiver = await bed.receiver(behaviour);
  const endpoint = await insertEndpoint(bed.pool, { url: receiver.url('/hook') });
  const event = await insertEvent(bed.pool, { payload: '{"kind":"retry-test"}' });
  const id = await insertDelivery(bed.pool, event, endpoint);
  await bed.startRelay(env);
  await bed.startWorker(env);
  return { receiver, endpoint, event, id };
}

async function waitForStatus(bed: TestBed, id: string, status: string): Promise<Row> {
  return await waitFor(async () => {
    const row = await deliveryRow(bed, id);
    return row.status === status && row;
  }, { what: `delivery ${id} ${status}` });
}

function summary(attempts: AttemptRow[]): unknown[] {
  return attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorClass, a.outcome]);
}

describe('worker retries', () => {
  it('retries a failing endpoint and delivers on the third attempt with the same webhook-id',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      // 1.1 s before the second attempt puts it in a later second than the first.
      const { receiver, event, id } = await oneDelivery(bed,
        { kind: 'fail-first', count: 2, status: 503 }, { RETRY_SCHEDULE: '1100ms,50ms' });

      const row = await waitForStatus(bed, id, 'delivered');
      assert.equal(row.attempt_count, 3);
      assert.ok(row.finished_at);
      assert.deepEqual(summary(await attemptsOf(bed.pool, id)), [
        [1, 503, 'http_5xx', 'retry'], [2, 503, 'http_5xx', 'retry'], [3, 200, null, 'delivered'],
      ]);
      const requests = receiver.requests;
      assert.deepEqual(requests.map((r) => r.headers['webhook-id']),
        [event.id, event.id, event.id]);
      assert.deepEqual(requests.map((r) => r.headers['harborhook-attempt']), ['1', '2', '3']);
      const [first, second] = requests.map((r) => Number(r.headers['webhook-timestamp']));
      assert.ok(first !== undefined && second !== undefined && second > first,
        `timestamp is fresh on each attempt (${first}, ${second})`);
    });

  it('gives up after the configured attempts when the endpoint always answers 500',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const { receiver, id } = await oneDelivery(bed, { kind: 'status', status: 500 });

      const row = await waitForStatus(bed, id, 'dead');
      assert.equal(row.attempt_count, 3);
      assert.equal(row.last_status_code, 500);
      assert.equal(row.last_error_class, 'http_5xx');
      assert.ok(row.finished_at);
      assert.deepEqual(summary(await attemptsOf(bed.pool, id)), [
        [1, 500, 'http_5xx', 'retry'], [2, 500, 'http_5xx', 'retry'], [3, 500, 'http_5xx', 'dead'],
      ]);
      assert.equal(receiver.requests.length, 3);
    });

  it('ends a delivery dead after one attempt on a permanent 410', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const { id } = await oneDelivery(bed, { kind: 'status', status: 410 });
    const row = await waitForStatus(bed, id, 'dead');
    assert.equal(row.attempt_count, 1);
    assert.deepEqual(summary(await attemptsOf(bed.pool, id)), [[1, 410, 'http_4xx', 'dead']]);
  });

  it('honours Retry-After on a 429 within the configured bounds', async (t) => {
    const cases = [
      { retryAfter: '1', expectedMs: 1_000 },
      { retryAfter: '0', expectedMs: 700 },
      { retryAfter: '86400', expectedMs: 2_000 },
    ];
    for (const { retryAfter, expectedMs } of cases) {
      await t.test(`Retry-After: ${retryAfter} waits ${expectedMs} ms`, async (tt) => {
        const bed = await TestBed.open(tt, nsqd());
        const { id } = await oneDelivery(bed, { kind: 'status', status: 429, retryAfter },
          { RETRY_AFTER_MIN: '700ms', RETRY_AFTER_MAX: '2s' });
        const row = await waitFor(async () => {
          const current = await deliveryRow(bed, id);
          return current.status === 'scheduled' && current.attempt_count === 1 && current;
        }, { intervalMs: 10, what: 'the first retry to be scheduled' });
        assert.equal(row.retry_in_ms, expectedMs);
        assert.equal(row.last_error_class, 'http_429');
      });
    }
  });

  it('does not follow a redirect and counts it as a failed attempt', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const target = await bed.receiver();
    const { id } = await oneDelivery(bed, { kind: 'redirect', location: target.url('/moved') });
    await waitForStatus(bed, id, 'dead');
    assert.deepEqual(summary(await attemptsOf(bed.pool, id)), [
      [1, 302, 'http_3xx', 'retry'], [2, 302, 'http_3xx', 'retry'], [3, 302, 'http_3xx', 'dead'],
    ]);
    assert.equal(target.requests.length, 0);
  });

  it('classifies refused, reset and timed-out connections', async (t) => {
    const cases: { name: string; behaviour: ReceiverBehaviour; errorClass: string;
      closeFirst?: boolean }[] = [
      { name: 'refused', behaviour: { kind: 'succeed' }, errorClass: 'connection',
        closeFirst: true },
      { name: 'reset', behaviour: { kind: 'reset' }, errorClass: 'connection' },
      { name: 'hanging', behaviour: { kind: 'hang' }, errorClass: 'timeout' },
    ];
    for (const { name, behaviour, errorClass, closeFirst } of cases) {
      await t.test(`${name} is ${errorClass}`, async (tt) => {
        const bed = await TestBed.open(tt, nsqd());
        const receiver = await bed.receiver(behaviour);
        if (closeFirst === true) await receiver.close();
        const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
        const id = await insertDelivery(bed.pool, await insertEvent(bed.pool,
          { payload: '{}' }), endpoint);
        const env = { DELIVERY_TIMEOUT: '300ms', WORKER_ATTEMPT_LEASE: '5s' };
        await bed.startRelay(env);
        await bed.startWorker(env);
        const [attempt] = await waitFor(async () => {
          const attempts = await attemptsOf(bed.pool, id);
          return attempts.length > 0 && attempts;
        });
        assert.equal(attempt?.errorClass, errorClass);
        assert.equal(attempt?.statusCode, null);
      });
    }
  });

  it('stores only a prefix of a huge response body and still delivers', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const { id } = await oneDelivery(bed, { kind: 'huge-body', bytes: 5_000_000 },
      { RESPONSE_CAPTURE_BYTES: '100' });
    await waitForStatus(bed, id, 'delivered');
    const [attempt] = await attemptsOf(bed.pool, id);
    assert.equal(attempt?.responseBodyPrefix, 'x'.repeat(100));
  });

  it('ends a delivery to a disabled endpoint dead without sending it', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url(), enabled: false });
    const id = await insertDelivery(bed.pool, await insertEvent(bed.pool, { payload: '{}' }),
      endpoint);
    await bed.startRelay();
    await bed.startWorker();
    await waitForStatus(bed, id, 'dead');
    assert.deepEqual(summary(await attemptsOf(bed.pool, id)),
      [[1, null, 'endpoint_disabled', 'dead']]);
    assert.equal(receiver.requests.length, 0);
  });
});
