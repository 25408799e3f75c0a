import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { seededRandom } from '@harborhook/lab/receivers/seeded-random';
import { EventPublisher } from './driver/event-publisher.ts';
import { OpenModel, type Arrival } from './driver/open-model.ts';
import { buildPayload } from './driver/payload.ts';
import { WeightedChoice } from './driver/weighted-choice.ts';
import { DeliveryLedger } from './fleet/delivery-ledger.ts';
import { planFleet } from './fleet/fleet-plan.ts';
import { deleteEndpoints, registerEndpoints, type RegisteredEndpoint }
  from './fleet/fleet-setup.ts';
import { ReceiverFleet } from './fleet/receiver-fleet.ts';
import { LatencyHistogram } from './metrics/latency-histogram.ts';
import type { LoadProfile } from './profile/profile.ts';
import { startProgressLine } from './progress/progress-line.ts';
import { buildResults, type RunFigures } from './results/build-results.ts';
import type { LoadResults } from './results/load-results.ts';
import { StageStats } from './results/stage-stats.ts';
import { judge } from './results/thresholds.ts';
import { ArrivalSchedule } from './schedule/arrival-schedule.ts';

export interface RunLoadOptions {
  /** The api's base URL, e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  /** A token for `tenant` with the scopes events:publish and endpoints:manage. */
  mintToken(tenant: string): Promise<string>;
  profile: LoadProfile;
  /** Keep-alive connections to the api (default 64). */
  connections?: number;
  /** HTTP servers the load receivers share (default 4). */
  receiverServers?: number;
  /** Where the progress line goes (default stderr); false for none. */
  progress?: NodeJS.WritableStream | false;
  /** Also write the results here as JSON. */
  outFile?: string;
  /** Suffix of this run's tenant ids (default: random). */
  runId?: string;
  /** Stops scheduling new publishes; the run still drains and reports. */
  signal?: AbortSignal;
}

/** The publishing scopes a load run's tokens need. */
export const LOAD_SCOPES = ['events:publish', 'endpoints:manage'] as const;

/**
 * One load run: start the receivers, register each tenant's endpoints through the api, publish
 * on the profile's open-model schedule, wait for the deliveries to arrive (up to the drain
 * timeout), judge the thresholds per stage and in total, and clean up the endpoints.
 */
export async function runLoad(options: RunLoadOptions): Promise<LoadResults> {
  const { profile } = options;
  const startedAt = new Date();
  const runId = options.runId ?? randomBytes(3).toString('hex');
  const schedule = new ArrivalSchedule(profile.startRate, profile.stages);
  const plan = planFleet(profile, runId);
  const tokens = await Promise.all(plan.tenants.map((tenant) => options.mintToken(tenant)));
  const api = { apiUrl: options.apiUrl.replace(/\/+$/, ''),
    tokenOf: (tenant: number) => tokens[tenant] as string };
  const ledger = new DeliveryLedger(plan, schedule);
  const fleet = await ReceiverFleet.start(plan, ledger, options.receiverServers ?? 4);
  const registered: RegisteredEndpoint[] = [];
  const connections = options.connections ?? 64;
  const publisher = new EventPublisher({ apiUrl: api.apiUrl, connections,
    requestTimeoutMs: profile.requestTimeoutSeconds * 1000 });
  try {
    await registerEndpoints(api, plan, (endpoint) => fleet.urlOf(endpoint), registered);
    const run = await publishAndDrain(options, schedule, ledger, publisher, api.tokenOf);
    const results = buildResults({ profile, interrupted: options.signal?.aborted === true,
      runId, startedAt, schedule, ledger, plan, run,
      receiverServers: Math.min(options.receiverServers ?? 4, plan.endpoints.length),
      connections });
    if (options.outFile !== undefined) {
      await mkdir(dirname(options.outFile), { recursive: true });
      await writeFile(options.outFile, `${JSON.stringify(results, null, 2)}\n`);
    }
    return results;
  } finally {
    await publisher.close();
    await deleteEndpoints(api, registered);
    await fleet.close();
  }
}

async function publishAndDrain(options: RunLoadOptions, schedule: ArrivalSchedule,
  ledger: DeliveryLedger, publisher: EventPublisher,
  tokenOf: (tenant: number) => string): Promise<RunFigures> {
  const { profile } = options;
  const random = seededRandom(profile.seed);
  const tenants = new WeightedChoice(profile.tenants.map((t) => t.weight), random);
  const eventTypes = new WeightedChoice(profile.eventTypes.map((t) => t.weight), random);
  const sizes = new WeightedChoice(profile.payloadBytes.map((s) => s.weight), random);
  const stages = schedule.stages.map(() => new StageStats());
  const sendLag = new LatencyHistogram();
  const publishSoFar = new LatencyHistogram();
  const statsOf = (arrival: Arrival): StageStats => stages[arrival.stage] as StageStats;

  const start = async (arrival: Arrival): Promise<void> => {
    const tenant = tenants.pick();
    const eventType = eventTypes.pick();
    const bytes = profile.payloadBytes[sizes.pick()]?.bytes ?? 64;
    const body = buildPayload(performance.timeOrigin + arrival.intendedAt, arrival.index, bytes);
    ledger.noteSent(arrival.index, tenant, eventType);
    statsOf(arrival).noteSent();
    sendLag.recordMs(performance.now() - arrival.intendedAt);
    const outcome = await publisher.publish(tokenOf(tenant),
      profile.eventTypes[eventType]?.type ?? '', body);
    const latencyMs = performance.now() - arrival.intendedAt;
    statsOf(arrival).noteFinished(outcome.status, latencyMs);
    publishSoFar.recordMs(latencyMs);
    if (outcome.status === 202) ledger.noteAccepted(arrival.index, outcome.deliveryCount);
  };
  const model = new OpenModel({
    schedule,
    maxOutstanding: profile.maxOutstanding,
    start,
    onDrop: (arrival) => statsOf(arrival).noteDropped(),
    stageEnded: (stage) => profile.stopOnBreach && !judge(profile.thresholds, {
      publish: stages[stage.index]?.publish.summary(),
      e2e: ledger.e2eOfStage(stage.index).summary(),
      errorRate: stages[stage.index]?.errorRate ?? 0,
      dropRate: stages[stage.index]?.dropRate ?? 0,
    }).every((verdict) => verdict.ok),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });

  const progressStream = options.progress === undefined ? process.stderr : options.progress;
  const progress = progressStream === false ? undefined
    : startProgressLine(progressStream, profile.name, () => {
      const totals = new StageStats();
      for (const stage of stages) stage.addInto(totals);
      const elapsedMs = performance.now() - (model.startedAt ?? performance.now());
      return { elapsedMs, targetRate: schedule.rateAt(elapsedMs), accepted: totals.accepted,
        outstanding: model.outstanding, errors: totals.errors, dropped: totals.dropped,
        publishP99Ms: publishSoFar.percentileMs(99) };
    });
  const publishStart = performance.now();
  try {
    await model.run();
  } finally {
    progress?.stop();
  }
  const drainStart = performance.now();
  const drained = await waitFor(() => ledger.drained, {
    timeoutMs: profile.drainTimeoutSeconds * 1000, intervalMs: 20,
    what: 'every accepted delivery to arrive',
  }).catch(() => false);
  return { stages, publishingMs: drainStart - publishStart, drainMs: performance.now() - drainStart,
    drained, stoppedAfterStage: model.stoppedAfterStage, sendLag };
}
