import { setTimeout as sleep } from 'node:timers/promises';
import { startLab } from '@harborhook/lab/lab/start-lab';
import type { Lab } from '@harborhook/lab/lab/lab';
import { seededRandom } from '@harborhook/lab/receivers/seeded-random';
import type { Experiment, FaultContext } from '../experiment.ts';
import type { ExperimentReport } from '../report/report-model.ts';
import { ChaosLoad, FAN_OUT_EVENT_TYPE, receiverEventType } from './chaos-load.ts';
import { planPhases, type RunLength } from './phases.ts';
import { ProgressLine } from './progress-line.ts';
import { recoverySeconds } from './recovery.ts';
import { readLeasesRecovered, readRelayGauges } from './relay-gauges.ts';
import { readCircuitDeferrals } from './worker-counters.ts';
import type { DeliveryRow, EndpointRecord, RunRecord } from './run-record.ts';
import { standardChecks } from './standard-checks.ts';
import { buildTimeline, type BacklogSample } from './timeline.ts';

export interface RunOptions {
  seed: number;
  length: RunLength;
  /** Where progress goes (default stderr); false for none. */
  progress?: NodeJS.WritableStream | false;
  /** Aborting stops the run where it is; the lab is torn down and the run rejects. */
  signal?: AbortSignal;
}

const DEFAULT_RECEIVERS = [{ kind: 'succeed' as const }, { kind: 'succeed' as const },
  { kind: 'succeed' as const }];

async function pendingDeliveries(lab: Lab): Promise<number> {
  const { rows } = await lab.database.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM deliveries WHERE status NOT IN ('delivered', 'dead')");
  return rows[0]?.n ?? 0;
}

async function readDeliveries(lab: Lab): Promise<DeliveryRow[]> {
  const { rows } = await lab.database.pool.query<{ id: string; event_id: string;
    endpoint_id: string; status: string; attempt_count: number; payload: Buffer }>(
    `SELECT d.id, d.event_id, d.endpoint_id, d.status, d.attempt_count, e.payload
     FROM deliveries d JOIN events e ON e.id = d.event_id`);
  return rows.map((row) => ({ id: row.id, eventId: row.event_id, endpointId: row.endpoint_id,
    status: row.status, attemptCount: row.attempt_count, payload: row.payload }));
}

async function readAttemptClasses(lab: Lab): Promise<Record<string, number>> {
  const { rows } = await lab.database.pool.query<{ error_class: string; n: number }>(
    `SELECT coalesce(error_class, 'none') AS error_class, count(*)::int AS n
     FROM attempts GROUP BY 1`);
  return Object.fromEntries(rows.map((row) => [row.error_class, row.n]));
}

async function registerEndpoints(lab: Lab, token: string): Promise<EndpointRecord[]> {
  const endpoints: EndpointRecord[] = [];
  for (const [receiverIndex, receiver] of lab.receivers.entries()) {
    const { id, secret } = await lab.api.createEndpoint(token,
      receiver.url(`/hooks/${receiverIndex}`),
      [receiverEventType(receiverIndex), FAN_OUT_EVENT_TYPE]);
    endpoints.push({ receiverIndex, endpointId: id, secret });
  }
  return endpoints;
}

/**
 * Runs one experiment: a fresh lab, steady load, the fault from faultStartS to faultEndS,
 * load until loadEndS, then a wait until every delivery is final; then the standard checks
 * and the experiment's own, and a report. The lab is torn down whatever happens.
 */
export async function runExperiment(experiment: Experiment,
  options: RunOptions): Promise<ExperimentReport> {
  const phases = planPhases(experiment.fault.durationSeconds, experiment.maxRecoverySeconds,
    options.length);
  // Two streams: the load draws in schedule order, the fault whenever it runs.
  const loadRandom = seededRandom(options.seed);
  const faultRandom = seededRandom(options.seed + 1);
  const progress = new ProgressLine(experiment.name, phases,
    options.progress === undefined ? process.stderr : options.progress);
  await using lab = await startLab({ workers: experiment.lab?.workers ?? 2,
    receivers: experiment.lab?.receivers ?? DEFAULT_RECEIVERS,
    ...(experiment.lab?.env === undefined ? {} : { env: experiment.lab.env }) });
  const token = await lab.api.token('chaos');
  const endpoints = await registerEndpoints(lab, token);
  const load = new ChaosLoad({ apiUrl: lab.api.url, token,
    ratePerSecond: experiment.ratePerSecond ?? 20, durationSeconds: phases.loadEndS,
    receivers: lab.receivers.length, random: loadRandom,
    ...(options.signal === undefined ? {} : { signal: options.signal }) });
  const context: FaultContext = { lab, random: faultRandom,
    note: (message) => progress.note(message) };
  const startedAtMs = Date.now();
  const seconds = (): number => (Date.now() - startedAtMs) / 1000;
  const backlog: BacklogSample[] = [];
  let faultOn = false;
  const sampler = setInterval(() => {
    Promise.all([pendingDeliveries(lab), readRelayGauges(lab.services.relay.metricsUrl)])
      .then(([pending, gauges]) => {
        backlog.push({ t: seconds(), pending, ...gauges });
        progress.update({ t: seconds(), published: load.publishes.length, pending,
          received: lab.receivers.reduce((n, r) => n + r.receiver.requests.length, 0),
          errors: load.publishes.filter((p) => p.status !== 202).length + load.dropped,
          faultOn });
      }, () => undefined);
  }, 1_000);
  const wait = async (ms: number) => await sleep(ms, undefined,
    options.signal === undefined ? {} : { signal: options.signal });
  const loadDone = load.run();
  try {
    await wait(phases.faultStartS * 1000);
    progress.note(`fault: ${experiment.fault.description}`);
    faultOn = true;
    await experiment.fault.inject(context);
    await wait(Math.max(0, startedAtMs + phases.faultEndS * 1000 - Date.now()));
    await experiment.fault.remove(context);
    faultOn = false;
    progress.note('fault removed');
    await loadDone;
    const drainUntil = Date.now() + phases.drainTimeoutS * 1000;
    while (await pendingDeliveries(lab) > 0 && Date.now() < drainUntil) await wait(250);
    // Three more samples after the drain, so the recovery window can close.
    await wait(3_100);
  } catch (err) {
    // Interrupted: let the load's open requests finish before the lab goes away.
    await loadDone;
    throw err;
  } finally {
    clearInterval(sampler);
    await load.close();
  }
  const deliveries = await readDeliveries(lab);
  const received = lab.receivers.flatMap((r, receiverIndex) =>
    r.receiver.requests.map((request) => ({ receiverIndex, request })));
  const partial = { experiment: experiment.name, seed: options.seed, phases, startedAtMs,
    publishes: load.publishes, endpoints, received, deliveries,
    attemptsByClass: await readAttemptClasses(lab),
    leasesRecovered: await readLeasesRecovered(lab.services.relay.metricsUrl),
    circuitDeferrals: await readCircuitDeferrals(
      lab.services.workers.map((worker) => worker.metricsUrl)),
    drained: deliveries.every((d) => d.status === 'delivered' || d.status === 'dead') };
  const run: RunRecord = { ...partial, timeline: buildTimeline(partial, backlog) };
  const recovery = recoverySeconds(run.timeline, phases);
  const standard = standardChecks(run, experiment.allowedDead ?? 0, recovery);
  const checks = [...experiment.checks?.(run) ?? [], ...standard.checks];
  return {
    name: experiment.name,
    title: experiment.title,
    hypothesis: experiment.hypothesis,
    seed: options.seed,
    startedAt: new Date(startedAtMs).toISOString(),
    fault: { description: experiment.fault.description, startS: phases.faultStartS,
      endS: phases.faultEndS },
    load: `${experiment.ratePerSecond ?? 20} events/s for ${phases.loadEndS} s to `
      + `${lab.receivers.length} endpoints (one at random per event, or all for one in five), `
      + `${experiment.lab?.workers ?? 2} workers; ${load.dropped} publishes dropped`,
    timeline: run.timeline,
    checks,
    figures: standard.figures,
    passed: checks.every((c) => c.passed),
  };
}
