import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { attemptsOf, insertDelivery, insertEndpoint, insertEvent }
  from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed, type Env } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

/** An empty value reads as unset: nothing beyond public addresses is allowed. */
const NOTHING_ALLOWED: Env = { OUTBOUND_ALLOWED_NETWORKS: '' };

async function finalStatus(bed: TestBed, id: string): Promise<{ status: string;
  last_error_class: string | null }> {
  return await waitFor(async () => {
    const { rows } = await bed.pool.query<{ status: string; last_error_class: string | null }>(
      'SELECT status, last_error_class FROM deliveries WHERE id = $1', [id]);
    const row = rows[0];
    return (row?.status === 'delivered' || row?.status === 'dead') && row;
  }, { what: `delivery ${id} to reach a final state` });
}

/** One delivery to a loopback receiver, reached as `host`, with a relay and a worker. */
async function deliverTo(bed: TestBed, host: string, env: Env) {
  const receiver = await bed.receiver();
  const url = receiver.url('/hook?token=query-secret').replace('127.0.0.1', host);
  const endpoint = await insertEndpoint(bed.pool, { url });
  const event = await insertEvent(bed.pool, { payload: '{"kind":"ssrf"}' });
  const id = await insertDelivery(bed.pool, event, endpoint);
  await bed.startRelay(env);
  const { log } = await bed.startWorker(env);
  return { receiver, endpoint, id, log, row: await finalStatus(bed, id) };
}

describe('the SSRF guard at connect time', () => {
  for (const host of ['127.0.0.1', 'localhost']) {
    it(`a delivery to ${host} with an empty allow-list is dead at once as ssrf_blocked`,
      async (t) => {
        const bed = await TestBed.open(t, nsqd());
        const { receiver, endpoint, id, log, row } = await deliverTo(bed, host, NOTHING_ALLOWED);

        assert.deepEqual(row, { status: 'dead', last_error_class: 'ssrf_blocked' });
        const attempts = await attemptsOf(bed.pool, id);
        assert.deepEqual(attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorClass,
          a.outcome, a.responseBodyPrefix]), [[1, null, 'ssrf_blocked', 'dead', null]]);
        // The guard refuses before connecting, so nothing can still be on its way.
        assert.equal(receiver.requests.length, 0);
        const warning = log.lines.find((line) => line.msg.startsWith('delivery dead: the SSRF'));
        assert.ok(warning, 'a warning names the blocked delivery');
        assert.equal(warning.level, 'warn');
        assert.equal(warning.endpointId, endpoint.id);
        assert.deepEqual(warning.blocked, { address: '127.0.0.1', addressClass: 'loopback' });
        assert.ok(!log.text().includes('query-secret'), 'the URL query is never logged');
      });

    it(`a delivery to ${host} is delivered when the allow-list covers loopback`, async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const { receiver, row } = await deliverTo(bed, host, {});

      assert.deepEqual(row, { status: 'delivered', last_error_class: null });
      assert.equal(receiver.requests.length, 1);
    });
  }

  it('an allow-list that covers another network still refuses loopback', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const { receiver, row } = await deliverTo(bed, '127.0.0.1',
      { OUTBOUND_ALLOWED_NETWORKS: '10.0.0.0/8,fd00::/8' });

    assert.deepEqual(row, { status: 'dead', last_error_class: 'ssrf_blocked' });
    assert.equal(receiver.requests.length, 0);
  });
});
