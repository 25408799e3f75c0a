import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prometheus, type ScrapeJob } from '@harborhook/lab/env/prometheus';
import { waitFor } from '@harborhook/lab/env/wait-for';
import type { Lab } from '@harborhook/lab/lab/lab';
import { startLab } from '@harborhook/lab/lab/start-lab';
import { writeRuleProfile } from '../profile/write-rule-profile.ts';
import { SteadyLoad } from './steady-load.ts';

/** Events per second of background load: enough for every SLI to have traffic each second. */
export const LOAD_RATE_PER_SECOND = 20;
/** The load stops by itself after this long (a --slow run takes about 15 minutes). */
const LOAD_MAX_SECONDS = 1_800;
/**
 * Prometheus's 5-minute lookback compressed like every other duration (1/60 of 5 min), so
 * that a series that stopped being scraped goes away as quickly, relative to the rules'
 * windows, as it would in production.
 */
const LOOKBACK_DELTA_SECONDS = 5;
/** Seconds of load served before Prometheus starts scraping. */
const WARM_UP_SECONDS = 5;
export const LOAD_EVENT_TYPE = 'alerting-lab.tick';
const TENANT = 'alerting-lab';

/**
 * Retries close together so that a failing endpoint's deliveries are dead within about a
 * second (the lab's default schedule takes 14 s), as production's would be within hours.
 */
const WORKER_ENV = { RETRY_SCHEDULE: '100ms,200ms,300ms' };

/** A lab, Prometheus scraping it with the lab-profile rules, and load flowing through both. */
export interface AlertingLab extends AsyncDisposable {
  readonly lab: Lab;
  readonly prometheus: Prometheus;
  readonly load: SteadyLoad;
  /** One endpoint per receiver, in receiver order, each subscribed to the load's events. */
  readonly endpointIds: string[];
  /** The scrape jobs Prometheus started with: api, relay, and every worker. */
  readonly jobs: ScrapeJob[];
  /** The rule files Prometheus loaded. */
  readonly ruleFiles: string[];
  close(): Promise<void>;
}

export interface AlertingLabOptions {
  /** Worker processes (default 2, so that the worker job has more than one target). */
  workers?: number;
  /** Writes the rule files into a directory (default: the lab profile of every rule file). */
  writeRules?: (dir: string) => Promise<string[]>;
}

/**
 * Starts the whole check environment: a lab with two receivers (one that a scenario breaks,
 * one that stays healthy), the lab-profile rules written to a temporary directory, a
 * Prometheus scraping api, relay and every worker each second, and the steady load. Waits
 * until every target is up and every rule group has been evaluated without error.
 */
export async function startAlertingLab(options: AlertingLabOptions = {}): Promise<AlertingLab> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => { errors.push(err); });
    }
    if (errors.length > 0) throw errors[0];
  };
  try {
    const lab = await startLab({ workers: options.workers ?? 2,
      receivers: [{ kind: 'succeed' }, { kind: 'succeed' }], env: { worker: WORKER_ENV } });
    cleanups.push(() => lab.close());
    const ruleDir = await mkdtemp(join(tmpdir(), 'harborhook-alerting-lab-rules-'));
    cleanups.push(() => rm(ruleDir, { recursive: true, force: true }));
    const ruleFiles = await (options.writeRules ?? labProfile)(ruleDir);
    const token = await lab.api.token(TENANT);
    const endpointIds: string[] = [];
    for (const receiver of lab.receivers) {
      endpointIds.push((await lab.api.createEndpoint(token, receiver.url('/hook'),
        [LOAD_EVENT_TYPE])).id);
    }
    const load = new SteadyLoad({ apiUrl: lab.api.url, token, eventType: LOAD_EVENT_TYPE,
      ratePerSecond: LOAD_RATE_PER_SECOND, maxSeconds: LOAD_MAX_SECONDS });
    cleanups.push(() => load.stop());
    await warmUp(lab, load);

    const jobs: ScrapeJob[] = [
      { name: 'harborhook-api', metricsUrls: [lab.services.api.metricsUrl] },
      { name: 'harborhook-relay', metricsUrls: [lab.services.relay.metricsUrl] },
      { name: 'harborhook-worker',
        metricsUrls: lab.services.workers.map((worker) => worker.metricsUrl) },
    ];
    const prometheus = await Prometheus.start({ ruleDir, jobs,
      lookbackDeltaSeconds: LOOKBACK_DELTA_SECONDS });
    cleanups.push(() => prometheus.close());
    await waitUntilScraping(prometheus, 2 + lab.services.workers.length, ruleFiles.length);
    return { lab, prometheus, load, endpointIds, jobs, ruleFiles, close,
      [Symbol.asyncDispose]: close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/**
 * Cold services answer their first requests slowly (code not yet optimised, pools still
 * connecting); with hour-long windows compressed to a minute, those few seconds would burn
 * the ingest latency budget. Prometheus starts scraping only after the load has been served
 * for a while, as a production Prometheus would see a fleet that has been up for hours.
 */
async function warmUp(lab: Lab, load: SteadyLoad): Promise<void> {
  const publishes = WARM_UP_SECONDS * LOAD_RATE_PER_SECOND;
  await waitFor(() => load.accepted >= publishes
    && lab.receivers.every((receiver) => receiver.receiver.requests.length >= publishes / 2),
  { what: `${publishes} publishes accepted and delivered to warm the lab up`,
    timeoutMs: 60_000, intervalMs: 100 });
}

/** Every target up and every rule file's groups loaded and evaluated cleanly. */
async function waitUntilScraping(prometheus: Prometheus, targets: number,
  ruleFiles: number): Promise<void> {
  await waitFor(async () => {
    const up = (await prometheus.api.targets()).filter((target) => target.health === 'up');
    return up.length === targets;
  }, { what: `${targets} scrape targets up`, timeoutMs: 30_000, intervalMs: 200 });
  await waitFor(async () => {
    const groups = await prometheus.api.ruleGroups();
    const files = new Set(groups.map((group) => group.file));
    const rules = groups.flatMap((group) => group.rules);
    const broken = rules.find((rule) => rule.health === 'err');
    if (broken !== undefined) {
      throw new Error(`rule ${broken.name} fails to evaluate: ${broken.lastError ?? ''}`);
    }
    return files.size === ruleFiles && rules.every((rule) => rule.health === 'ok');
  }, { what: `the rules of ${ruleFiles} files loaded and evaluated`, timeoutMs: 30_000,
    intervalMs: 200 });
}

/** The rules under test: every rule file rendered for the lab profile by the SLO code. */
async function labProfile(dir: string): Promise<string[]> {
  return await writeRuleProfile('lab', dir);
}
