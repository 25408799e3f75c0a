import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPool, type Pool } from '@harborhook/shared/db/pool';
import { createLogger } from '@harborhook/shared/logger';
import { Registry } from 'prom-client';
import { metricValue } from '@harborhook/lab/testing/metric-value';
import { GroupCommit, type GroupCommitLimits } from '../src/publish/group-commit.ts';
import { createGroupCommitMetrics } from '../src/metrics/group-commit-metrics.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

/** Rows written in one transaction share their xmin: the number of commits a set took. */
async function transactionsOf(db: pg.Pool, eventIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(DISTINCT xmin::text)::int AS n FROM events WHERE id = ANY($1::uuid[])',
    [eventIds]);
  return rows[0]?.n ?? 0;
}

/** One group at a time, so that publishes made while one commits form the next. */
function limits(overrides: Partial<GroupCommitLimits> = {}): GroupCommitLimits {
  return { maxEvents: 100, maxBytes: 1 << 20, maxConcurrent: 1, stallMs: 0,
    maxWaitingBytes: 1 << 20,
    maxWaitingBytesPerTenant: 1 << 20, ...overrides };
}

/**
 * Makes events of type test.poison fail their insert (one poisoned event fails its whole
 * group's statement, as a data error would) and test.slow ones take 2 s (as a huge fan-out
 * would), and gives a pool on the api's database.
 */
async function poisonableDatabase(api: TestApi): Promise<Pool> {
  await api.db.query(`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.event_type = 'test.poison' THEN RAISE EXCEPTION 'poisoned event'; END IF;
      IF NEW.event_type = 'test.slow' THEN PERFORM pg_sleep(2); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_poison BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
  return createPool({ url: api.databaseUrl, poolMax: 2, connectTimeoutMs: 5_000,
    statementTimeoutMs: 10_000 }, createLogger('test', { level: 'silent' }), 'test');
}

describe('group commit of publishes', () => {
  let api: TestApi;
  const endpoints: Record<string, string> = {};

  before(async () => {
    // One group at a time, so that publishes arriving while one commits queue and share the
    // next: with more, a fast database on an idle machine commits each alone, as it should.
    api = await startTestApi({ env: { PUBLISH_GROUP_CONCURRENCY: '1' } });
    const shop = await api.token('shop');
    endpoints.orders = (await createEndpoint(api, shop, { eventTypes: ['order.*'] })).id;
    endpoints.created = (await createEndpoint(api, shop,
      { eventTypes: ['order.created', '*'] })).id;
    endpoints.invoices = (await createEndpoint(api, shop, { eventTypes: ['invoice.paid'] })).id;
    await createEndpoint(api, shop, { eventTypes: ['*'], enabled: false });
    endpoints.other = (await createEndpoint(api, await api.token('other'),
      { eventTypes: ['*'] })).id;
  });
  after(async () => { await api.close(); });

  test('concurrent publishes share transactions and each gets exactly its own deliveries',
    async () => {
      const shop = await api.token('shop');
      const types = ['order.created', 'order.updated', 'invoice.paid', 'user.signed_up'];
      const expected: Record<string, string[]> = {
        'order.created': [endpoints.orders!, endpoints.created!].sort(),
        'order.updated': [endpoints.orders!, endpoints.created!].sort(),
        'invoice.paid': [endpoints.invoices!, endpoints.created!].sort(),
        'user.signed_up': [endpoints.created!],
      };
      const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) =>
        await publish(api, shop, types[i % types.length]!, JSON.stringify({ n: i }))));
      assert.ok(answers.every((answer) => answer.status === 202));
      const ids = answers.map((answer) => answer.json.id as string);
      assert.equal(new Set(ids).size, 200);
      for (const answer of answers) {
        const { rows } = await api.db.query<{ endpoint_id: string }>(
          'SELECT endpoint_id FROM deliveries WHERE event_id = $1 ORDER BY endpoint_id',
          [answer.json.id]);
        const want = expected[answer.json.type as string]!;
        assert.deepEqual(rows.map((row) => row.endpoint_id), want);
        assert.equal(answer.json.deliveryCount, want.length);
      }
      // Payloads and hashes travel cut from one buffer: each must be its own, whole.
      const { rows: stored } = await api.db.query<{ id: string; payload: Buffer;
        hash_matches: boolean }>(
        `SELECT id, payload, sha256(payload) = payload_sha256 AS hash_matches
         FROM events WHERE id = ANY($1::uuid[])`, [ids]);
      const payloadOf = new Map(stored.map((row) => [row.id, row.payload.toString()]));
      ids.forEach((id, i) => { assert.equal(payloadOf.get(id), JSON.stringify({ n: i })); });
      assert.ok(stored.every((row) => row.hash_matches));
      assert.ok(await transactionsOf(api.db, ids) < 200, 'some publishes shared a commit');
    });

  test('tenants share groups, and each tenant\'s events fan out to its own endpoints only',
    async () => {
      const tokens = [await api.token('shop'), await api.token('other')];
      await Promise.all(Array.from({ length: 120 }, async (_, i) =>
        await publish(api, tokens[i % 2]!, 'order.created', '{}')));
      const { rows: foreign } = await api.db.query(
        `SELECT 1 FROM deliveries d JOIN endpoints ep ON ep.id = d.endpoint_id
         WHERE ep.tenant_id <> d.tenant_id`);
      assert.equal(foreign.length, 0);
      const { rows: mixed } = await api.db.query(
        `SELECT 1 FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE e.tenant_id <> d.tenant_id`);
      assert.equal(mixed.length, 0);
    });
});

describe('a group whose commit fails', () => {
  let api: TestApi;
  let pool: Pool;

  before(async () => {
    api = await startTestApi();
    await createEndpoint(api, await api.token('shop'), { eventTypes: ['*'] });
    pool = await poisonableDatabase(api);
  });
  after(async () => {
    await pool.end();
    await api.close();
  });

  test('fails every event in it and stores none of them or their deliveries', async () => {
    const commits = new GroupCommit(pool, limits());
    const body = (n: number): Buffer => Buffer.from(JSON.stringify({ n }));
    // The first commits alone; the next ten queue behind it and form one group.
    const alone = commits.publish('shop', 'test.fine', body(0));
    const grouped = Array.from({ length: 10 }, (_, i) => commits.publish('shop',
      i === 4 ? 'test.poison' : 'test.fine', body(i + 1)).then(() => 'stored',
      (err: Error) => err.message));
    assert.equal(commits.waiting, 10, 'queued in front of the pool: the saturation gauge');
    assert.equal((await alone).deliveryCount, 1);
    assert.deepEqual(await Promise.all(grouped), Array(10).fill('poisoned event'));
    assert.equal(commits.waiting, 0);
    assert.equal(await api.count('events'), 1);
    assert.equal(await api.count('deliveries'), 1);
    const after = await commits.publish('shop', 'test.fine', body(99));
    assert.equal(after.deliveryCount, 1);
    assert.equal(await api.count('events'), 2);
  });
});

describe('a group of several tenants', () => {
  let api: TestApi;
  let pool: Pool;

  before(async () => {
    api = await startTestApi();
    await createEndpoint(api, await api.token('shop'), { eventTypes: ['*'] });
    await createEndpoint(api, await api.token('other'), { eventTypes: ['*'] });
    pool = await poisonableDatabase(api);
  });
  after(async () => {
    await pool.end();
    await api.close();
  });

  test('counts a statement that failed as failed, with its events', async () => {
    const registry = new Registry();
    const commits = new GroupCommit(pool, limits(), createGroupCommitMetrics(registry));
    await assert.rejects(commits.publish('shop', 'test.poison', Buffer.from('{}')),
      /poisoned event/);
    const count = async (outcome: string) => await metricValue(registry,
      'harborhook_publish_group_duration_seconds_count', { outcome });
    assert.equal(await count('failed'), 1);
    assert.equal(await count('committed'), 0);
    assert.equal(await metricValue(registry, 'harborhook_publish_group_events_sum'), 1);
    assert.equal(await metricValue(registry, 'harborhook_publish_queue_wait_seconds_count'), 1);
  });

  test('is stored in one transaction, each event under its own tenant', async () => {
    const commits = new GroupCommit(pool, limits());
    const alone = commits.publish('shop', 'test.fine', Buffer.from('{"n":0}'));
    const grouped = ['shop', 'other', 'other', 'shop'].map((tenant, i) =>
      commits.publish(tenant, 'test.fine', Buffer.from(`{"n":${i + 1}}`)));
    assert.equal(commits.waiting, 4);
    await alone;
    const ids = (await Promise.all(grouped)).map((outcome) => outcome.id);
    assert.equal(await transactionsOf(api.db, ids), 1);
    const { rows } = await api.db.query<{ tenant_id: string; endpoint_tenant: string }>(
      `SELECT e.tenant_id, ep.tenant_id AS endpoint_tenant FROM events e
       JOIN deliveries d ON d.event_id = e.id JOIN endpoints ep ON ep.id = d.endpoint_id
       WHERE e.id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], e.id)`, [ids]);
    assert.deepEqual(rows.map((row) => [row.tenant_id, row.endpoint_tenant]), [
      ['shop', 'shop'], ['other', 'other'], ['other', 'other'], ['shop', 'shop']]);
  });

  test('that fails on one tenant\'s event is retried per tenant: the others are stored',
    async () => {
      const commits = new GroupCommit(pool, limits());
      const before = await api.count('events');
      const alone = commits.publish('shop', 'test.fine', Buffer.from('{}'));
      const outcomes = [['shop', 'test.fine'], ['other', 'test.fine'], ['shop', 'test.poison'],
        ['other', 'test.fine']].map(([tenant, type]) => commits.publish(tenant!, type!,
        Buffer.from('{}')).then((outcome) => outcome.deliveryCount,
        (err: Error) => err.message));
      await alone;
      assert.deepEqual(await Promise.all(outcomes), ['poisoned event', 1, 'poisoned event', 1]);
      assert.equal(await api.count('events'), before + 3, 'the first one and the two of other');
    });

  test('that runs into the statement timeout is retried per tenant, the smallest first: the '
    + 'other tenant\'s events are stored, not failed', async (t) => {
    const impatient = createPool({ url: api.databaseUrl, poolMax: 2, connectTimeoutMs: 5_000,
      statementTimeoutMs: 500 }, createLogger('test', { level: 'silent' }), 'test');
    t.after(() => impatient.end());
    const commits = new GroupCommit(impatient, limits());
    const alone = commits.publish('other', 'test.fine', Buffer.from('{}'));
    const heavy = ['test.slow', 'test.fine'].map((type) => commits.publish('shop', type,
      Buffer.from('{}')).then(() => 'stored', (err: { code?: string }) => err.code));
    const light = commits.publish('other', 'test.fine', Buffer.from('{}'));
    await alone;
    assert.equal((await light).deliveryCount, 1);
    assert.deepEqual(await Promise.all(heavy), ['57014', '57014'], 'the statement timeout');
  });

  /**
   * Publishes a slow event (its statement takes 2 s) and then a fine one, and gives the order
   * they finished in, with how many were still waiting for a group right after both were made.
   */
  async function slowThenFine(commits: GroupCommit): Promise<[number, string[]]> {
    const finished: string[] = [];
    const made = ['test.slow', 'test.fine'].map((type, i) => commits.publish(
      ['shop', 'other'][i] as string, type, Buffer.from('{}')).then(() => finished.push(type)));
    const waiting = commits.waiting;
    await Promise.all(made);
    return [waiting, finished];
  }

  test('starts another group beside one that has run for longer than the stall time, so a '
    + 'slow statement does not hold the publishes that arrive meanwhile', async () => {
    const commits = new GroupCommit(pool, limits({ maxConcurrent: 2, stallMs: 20 }));
    const [waiting, finished] = await slowThenFine(commits);
    assert.equal(waiting, 1, 'the second waits until the first counts as stalled');
    assert.deepEqual(finished, ['test.fine', 'test.slow']);
  });

  test('keeps publishes waiting while the running group is younger than the stall time',
    async () => {
      const commits = new GroupCommit(pool, limits({ maxConcurrent: 2, stallMs: 60_000 }));
      assert.deepEqual(await slowThenFine(commits), [1, ['test.slow', 'test.fine']]);
    });

  test('whose retries run out of time as well fails the other tenants after the smallest '
    + 'one\'s retry, instead of waiting out a statement timeout per tenant', async (t) => {
    const impatient = createPool({ url: api.databaseUrl, poolMax: 2, connectTimeoutMs: 5_000,
      statementTimeoutMs: 500 }, createLogger('test', { level: 'silent' }), 'test');
    t.after(() => impatient.end());
    const registry = new Registry();
    const commits = new GroupCommit(impatient, limits(), createGroupCommitMetrics(registry));
    const alone = commits.publish('other', 'test.fine', Buffer.from('{}'));
    const stuck = ['shop', 'other', 'third'].map((tenant) => commits.publish(tenant,
      'test.slow', Buffer.from('{}')).then(() => 'stored', (err: { code?: string }) => err.code));
    await alone;
    assert.deepEqual(await Promise.all(stuck), ['57014', '57014', '57014']);
    assert.equal(await metricValue(registry, 'harborhook_publish_group_duration_seconds_count',
      { outcome: 'failed' }), 2, 'the group\'s statement and the smallest tenant\'s retry');
  });

  test('refuses at once, with WHK_ERR_OVERLOADED, a publish beyond the queue\'s bytes or its '
    + 'tenant\'s share, and takes publishes again once the queue drains', async () => {
    const commits = new GroupCommit(pool, limits({ maxWaitingBytes: 100,
      maxWaitingBytesPerTenant: 40 }));
    const bytes = (n: number): Buffer => Buffer.from(`"${'x'.repeat(n - 2)}"`);
    const outcome = async (tenant: string, n: number): Promise<string> =>
      await commits.publish(tenant, 'test.fine', bytes(n)).then(() => 'stored',
        (err: { code?: string }) => err.code ?? 'error');
    // The first commits at once and leaves the queue; the rest wait behind it.
    const first = outcome('shop', 90);
    // shop 30 waits; shop 20 more is beyond shop's 40; other 30 and 10 wait (70 in all);
    // third 35 is within its own share but beyond the queue's 100.
    const queued = [outcome('shop', 30), outcome('shop', 20), outcome('other', 30),
      outcome('other', 10), outcome('third', 35)];
    assert.equal(commits.waiting, 3);
    assert.deepEqual(await Promise.all([first, ...queued]), ['stored', 'stored',
      'WHK_ERR_OVERLOADED', 'stored', 'stored', 'WHK_ERR_OVERLOADED']);
    assert.equal(await outcome('shop', 40), 'stored', 'a drained queue takes publishes again');
  });
});
