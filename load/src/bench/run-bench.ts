import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import type { Lab, LabOptions } from '@harborhook/lab/lab/lab';
import { startLab } from '@harborhook/lab/lab/start-lab';
import type { LoadProfile } from '../profile/profile.ts';
import { LOAD_SCOPES, runLoad } from '../run-load.ts';
import { benchFigures } from './bench-figures.ts';
import { BENCH_RESULTS_FORMAT, type BenchResults, type ProfileRun } from './bench-results.ts';
import { BenchTimeline } from './bench-timeline.ts';
import { measureFastifyCeiling } from './fastify-ceiling.ts';
import { labProcessGroups } from './lab-processes.ts';
import { measurePostgresCeiling, type PostgresCeiling } from './postgres-ceiling.ts';
import { ProcessSampler } from './process-sampler.ts';
import { summariseProfile } from './profile-summary.ts';

/** The api's default DATABASE_POOL_MAX, the pool size the Postgres ceiling uses. */
export const API_DATABASE_POOL_MAX = 10;

export interface RunBenchOptions {
  /** The profiles to drive, in order, already scaled. */
  profiles: LoadProfile[];
  workers: number;
  /** The driver's keep-alive connections, for the profiles and the Fastify ceiling. */
  connections: number;
  /** How long each ceiling is measured. */
  ceilingSeconds: number;
  /** Recorded in the results: how the profiles were scaled. */
  durationScale: number;
  rateScale: number;
  note: string;
  /**
   * Keep the lab's Toxiproxy hop between the services and Postgres and nsqd (default false:
   * the services reach them directly, as in production, and the proxies cost nothing).
   */
  viaToxiproxy?: boolean;
  /** Extra environment for the services, e.g. NODE_OPTIONS for a CPU profile. */
  env?: LabOptions['env'];
  /**
   * How long to wait after a profile for Postgres's statistics: a backend that goes idle
   * reports its transactions within 10 s (PGSTAT_IDLE_INTERVAL), so the default is 11 s.
   */
  statsSettleMs?: number;
  /** Where progress lines go; false for none. */
  progress?: NodeJS.WritableStream | false;
}

/**
 * One benchmark: start the platform in a lab on this machine, measure the two ceilings, drive
 * each profile through runLoad() while sampling every process and the services' counters, and
 * return the results (see bench-results.ts). The lab is torn down before it returns.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchResults> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const say = (line: string): void => {
    if (options.progress !== false) (options.progress ?? process.stderr).write(`bench: ${line}\n`);
  };
  say(`starting the lab with ${options.workers} worker(s)`);
  const viaToxiproxy = options.viaToxiproxy === true;
  await using lab = await startLab({ workers: options.workers, receivers: [], logLevel: 'warn',
    bypassToxiproxy: !viaToxiproxy, ...(options.env === undefined ? {} : { env: options.env }) });
  const ceilings = await measureCeilings(lab, options, say);
  const groups = await labProcessGroups(lab);
  say(`sampling ${groups.map((group) => `${group.name} (${group.pid})`).join(', ')}`);
  const profiles: ProfileRun[] = [];
  for (const profile of options.profiles) {
    say(`profile ${profile.name}: ${profile.durationSeconds} s`);
    profiles.push(await runProfile(lab, profile, groups, options));
  }
  // Measured again at the end: the machine's load may have changed during the profiles.
  ceilings.postgresAfter = await postgresCeiling(lab, options);
  say(`Postgres ceiling after the profiles: ${ceilings.postgresAfter.transactionsPerSecond} tx/s`);
  return {
    format: BENCH_RESULTS_FORMAT,
    version: await packageVersion(),
    commit: gitCommit(),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    note: options.note,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryMb: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      loadAverage: { start: loadAtStart.map(round), end: loadavg().map(round) },
    },
    setup: { workers: options.workers, connections: options.connections,
      apiDatabasePoolMax: API_DATABASE_POOL_MAX, toxiproxy: viaToxiproxy,
      durationScale: options.durationScale, rateScale: options.rateScale },
    ceilings,
    profiles,
    figures: benchFigures(ceilings, profiles),
  };
}

async function measureCeilings(lab: Lab, options: RunBenchOptions,
  say: (line: string) => void): Promise<BenchResults['ceilings']> {
  // The ceiling's tables live in a database of their own, so the platform's counts stay clean.
  await lab.database.pool.query('CREATE DATABASE bench_ceiling');
  say(`Postgres ceiling: ${options.ceilingSeconds} s`);
  const postgres = await postgresCeiling(lab, options);
  say(`Postgres ceiling: ${postgres.transactionsPerSecond} tx/s; Fastify ceiling: `
    + `${options.ceilingSeconds} s`);
  const fastify = await measureFastifyCeiling({ connections: options.connections,
    seconds: options.ceilingSeconds });
  say(`Fastify ceiling: ${fastify.requestsPerSecond} req/s`);
  return { fastify, postgres, postgresAfter: postgres };
}

async function postgresCeiling(lab: Lab, options: RunBenchOptions): Promise<PostgresCeiling> {
  const url = new URL(lab.database.url);
  url.pathname = '/bench_ceiling';
  return await measurePostgresCeiling({ databaseUrl: url.toString(),
    poolSize: API_DATABASE_POOL_MAX, seconds: options.ceilingSeconds });
}

async function runProfile(lab: Lab, profile: LoadProfile,
  groups: Awaited<ReturnType<typeof labProcessGroups>>,
  options: RunBenchOptions): Promise<ProfileRun> {
  const pool = lab.database.pool;
  const commitsBefore = await committedTransactions(pool);
  const sampler = new ProcessSampler(groups);
  const timeline = await BenchTimeline.start({ sampler,
    apiMetricsUrl: lab.services.api.metricsUrl,
    relayMetricsUrl: lab.services.relay.metricsUrl,
    database: pool,
    workerMetricsUrls: lab.services.workers.map((worker) => worker.metricsUrl) });
  let load;
  try {
    load = await runLoad({ apiUrl: lab.api.url, profile, connections: options.connections,
      mintToken: async (tenant) => await lab.api.token(tenant, LOAD_SCOPES),
      progress: options.progress ?? process.stderr });
  } finally {
    await timeline.stop();
  }
  const points = timeline.points;
  // Postgres reports a backend's transactions once it flushes its statistics; wait for that.
  await new Promise((resolve) => setTimeout(resolve, options.statsSettleMs ?? 11_000));
  const transactions = await committedTransactions(pool) - commitsBefore;
  return { profile: profile.name, load, timeline: points,
    summary: summariseProfile(load, points, sampler.cpuSeconds(), transactions, {
      publish: timeline.apiBuckets('publish'),
      queueWait: timeline.apiBuckets('queueWait'),
      groupStatement: timeline.apiBuckets('groupStatement'),
    }) };
}

/** pg_stat_database.xact_commit of the platform's database. */
async function committedTransactions(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ commits: string }>(
    'SELECT xact_commit AS commits FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0]?.commits ?? 0);
}

async function packageVersion(): Promise<string> {
  const text = await readFile(join(REPO_ROOT, 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
