import type { Receiver } from '@harborhook/lab/receivers/receiver';
import type { AlertingLab } from './alerting-lab.ts';
import type { Scenario } from './scenario.ts';

/**
 * The fault runs, one per alert family, in stages: the scenarios of a stage run at once on
 * the same lab (they touch different parts of it and different alerts), stages one after the
 * other, each starting once the previous one's alerts resolved.
 *
 * Ticket burn-rate alerts are expected to fire but not awaited to resolve: their shortest
 * window is 2 h, 2 min in the lab profile, longer than a run should take.
 */
const PAGE = { severity: 'page' };
const TICKET = { severity: 'ticket' };

/** Endpoint 0's receiver answers 400 to everything: deliveries die of the receiver. */
const endpointRejects: Scenario = {
  name: 'endpoint-rejects',
  fault: 'receiver 0 answers every delivery with 400',
  expect: [{ alertname: 'HarborhookDeadLettersRising', labels: { cause: 'receiver' } }],
  inject: async (env) => { receiver(env, 0).setBehaviour({ kind: 'status', status: 400 }); },
  recover: async (env) => { receiver(env, 0).setBehaviour({ kind: 'succeed' }); },
};

/**
 * Endpoint 1's signing secrets are expired in the database: the worker refuses to send
 * unsigned, every attempt fails as `internal` and the deliveries die of a platform fault.
 */
const signingKeyUnusable: Scenario = {
  name: 'signing-key-unusable',
  fault: 'endpoint 1 has no current signing secret',
  expect: [
    { alertname: 'HarborhookDeliverySuccessBudgetBurn', labels: PAGE },
    { alertname: 'HarborhookDeliverySuccessBudgetBurn', labels: TICKET,
      awaitResolution: false },
    { alertname: 'HarborhookDeadLettersRising', labels: { cause: 'platform' } },
  ],
  inject: async (env) => {
    await env.lab.database.pool.query(`UPDATE endpoint_secrets
      SET expires_at = now() - interval '1 second'
      WHERE endpoint_id = $1 AND expires_at IS NULL`, [endpointId(env, 1)]);
  },
  recover: async (env) => {
    await env.lab.database.pool.query(`UPDATE endpoint_secrets SET expires_at = NULL
      WHERE endpoint_id = $1 AND expires_at <= now()`, [endpointId(env, 1)]);
  },
};

/** The api's Postgres link refuses connections for a moment: publishes answer 503. */
const apiPostgresOutage: Scenario = {
  name: 'api-postgres-outage',
  fault: 'api-postgres link disabled',
  expect: [
    { alertname: 'HarborhookIngestAvailabilityBudgetBurn', labels: PAGE },
    { alertname: 'HarborhookIngestAvailabilityBudgetBurn', labels: TICKET,
      awaitResolution: false },
  ],
  inject: async (env) => { await env.lab.links['api-postgres'].disable(); },
  recover: async (env) => { await env.lab.links['api-postgres'].enable(); },
};

/** Every round trip between the api and Postgres takes 300 ms longer. */
const apiPostgresLatency: Scenario = {
  name: 'api-postgres-latency',
  fault: '300 ms latency on the api-postgres link',
  expect: [
    { alertname: 'HarborhookIngestLatencyBudgetBurn', labels: PAGE },
    { alertname: 'HarborhookIngestLatencyBudgetBurn', labels: TICKET, awaitResolution: false },
  ],
  inject: async (env) => {
    await env.lab.links['api-postgres'].addToxic({ name: 'alerting-lab-latency',
      type: 'latency', latencyMs: 300 });
  },
  recover: async (env) => {
    await env.lab.links['api-postgres'].removeToxic('alerting-lab-latency');
  },
};

/**
 * Freshness counts a delivery late only past 10 s, and the page needs over 14.4 % of first
 * attempts late in the 5 s window that holds the catch-up: the relay stays down until the
 * oldest due delivery has waited 18 s, so that 8 s of the backlog is late (about 40 %).
 */
const LATE_DELIVERY_SECONDS = 18;

/**
 * The relay is stopped: nobody publishes due deliveries. The backlog-age SLI counts every
 * moment without a relay reading as bad; freshness sees the late first attempts once the
 * relay is back.
 */
const relayStopped: Scenario = {
  name: 'relay-stopped',
  fault: 'relay process stopped',
  expect: [
    { alertname: 'HarborhookServiceDown', labels: { job: 'harborhook-relay' } },
    { alertname: 'HarborhookBacklogAgeBudgetBurn', labels: PAGE },
    { alertname: 'HarborhookBacklogAgeBudgetBurn', labels: TICKET, awaitResolution: false },
    { alertname: 'HarborhookDeliveryFreshnessBudgetBurn', labels: PAGE, phase: 'recovery' },
  ],
  inject: async (env) => { await env.lab.services.relay.stop(); },
  heldEnough: async (env) => await oldestDueSeconds(env) > LATE_DELIVERY_SECONDS,
  recover: async (env) => { await env.lab.services.relay.start(); },
};

/** nsqd is stopped: the relay cannot publish or read nsqd's stats; due deliveries pile up. */
const nsqdStopped: Scenario = {
  name: 'nsqd-stopped',
  fault: 'nsqd stopped',
  expect: [
    { alertname: 'HarborhookNsqStatsDown' },
    { alertname: 'HarborhookRelayStalled' },
    { alertname: 'HarborhookBacklogGrowing' },
  ],
  inject: async (env) => { await env.lab.nsqd.stop(); },
  recover: async (env) => { await env.lab.nsqd.start(); },
};

/** Prometheus's configuration loses the api's scrape job, as a bad config change would. */
const apiNotScraped: Scenario = {
  name: 'api-not-scraped',
  fault: 'api job removed from the scrape config',
  expect: [{ alertname: 'HarborhookServiceNotScraped', labels: { service: 'api' } }],
  inject: async (env) => {
    await env.prometheus.setJobs(env.jobs.filter((job) => job.name !== 'harborhook-api'));
  },
  recover: async (env) => { await env.prometheus.setJobs(env.jobs); },
};

/** Every worker stopped: nobody consumes the channel, which grows. */
const workersStopped: Scenario = {
  name: 'workers-stopped',
  fault: 'every worker process stopped',
  expect: [
    { alertname: 'HarborhookServiceDown', labels: { job: 'harborhook-worker' } },
    { alertname: 'HarborhookWorkersNotConnected' },
    { alertname: 'HarborhookWorkersNotConsuming' },
  ],
  inject: async (env) => {
    await Promise.all(env.lab.services.workers.map((worker) => worker.stop()));
  },
  recover: async (env) => {
    await Promise.all(env.lab.services.workers.map((worker) => worker.start()));
  },
};

/**
 * The api's Postgres link swallows every byte: its group commits hang on their connections, so
 * publishes queue in front of the pool and the pool's `waiting` count stays up. Removing the
 * toxic closes those connections; the hung commits fail and the queue drains.
 */
const apiPostgresHung: Scenario = {
  name: 'api-postgres-hung',
  fault: 'api-postgres link drops every byte',
  expect: [{ alertname: 'HarborhookPostgresPoolSaturated', labels: { service: 'api' } }],
  inject: async (env) => {
    await env.lab.links['api-postgres'].addToxic({ name: 'alerting-lab-hung', type: 'timeout',
      timeoutMs: 0 });
  },
  recover: async (env) => {
    await env.lab.links['api-postgres'].removeToxic('alerting-lab-hung');
  },
};

export const SCENARIO_STAGES: readonly (readonly Scenario[])[] = [
  [endpointRejects, signingKeyUnusable, apiPostgresOutage],
  [relayStopped, apiPostgresLatency],
  [nsqdStopped, apiNotScraped],
  [workersStopped],
  // Alone: it shares the api's link with the outage and latency scenarios, and the api must
  // be scraped (not the api-not-scraped stage).
  [apiPostgresHung],
];

/**
 * The relay cannot reach nsqd for over five minutes: it keeps polling and reporting the
 * backlog while every publish fails, until the oldest due delivery passes the 300 s threshold,
 * a value the lab profile does not compress.
 */
const relayCutOffFromNsqd: Scenario = {
  name: 'relay-cut-off-from-nsqd',
  fault: 'relay-nsqd-http link disabled for over 5 minutes',
  expect: [{ alertname: 'HarborhookOldestDueDeliveryTooOld' }],
  inject: async (env) => { await env.lab.links['relay-nsqd-http'].disable(); },
  recover: async (env) => { await env.lab.links['relay-nsqd-http'].enable(); },
};

/** Workers stay stopped until more than 10000 messages wait in nsqd (about 4 minutes). */
const workersStoppedLong: Scenario = {
  name: 'workers-stopped-long',
  fault: 'every worker stopped until 10000 messages wait in nsqd',
  expect: [{ alertname: 'HarborhookNsqDepthHigh' }],
  inject: workersStopped.inject,
  recover: workersStopped.recover,
};

/**
 * Scenarios whose alerts compare with absolute values the lab profile does not compress, so
 * they take minutes: only `bin/harborhook slo alerting-lab --slow` runs them.
 */
export const SLOW_SCENARIO_STAGES: readonly (readonly Scenario[])[] = [
  // Workers first: after the cut-off the relay publishes five minutes of backlog at once,
  // which would put nsqd's depth over the threshold before any worker stopped.
  [workersStoppedLong],
  [relayCutOffFromNsqd],
];

function receiver(env: AlertingLab, index: number): Receiver {
  const found = env.lab.receivers[index];
  if (found === undefined) throw new Error(`the alerting lab has no receiver ${index}`);
  return found.receiver;
}

function endpointId(env: AlertingLab, index: number): string {
  const found = env.endpointIds[index];
  if (found === undefined) throw new Error(`the alerting lab has no endpoint ${index}`);
  return found;
}

/** How long the longest-waiting due delivery has been due, read from the lab's database. */
async function oldestDueSeconds(env: AlertingLab): Promise<number> {
  const { rows } = await env.lab.database.pool.query<{ age: number | null }>(`SELECT
    extract(epoch FROM now() - min(next_attempt_at))::float8 AS age
    FROM deliveries WHERE status = 'scheduled' AND next_attempt_at <= now()`);
  return rows[0]?.age ?? 0;
}
