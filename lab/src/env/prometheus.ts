import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.ts';
import { freePort } from './free-port.ts';
import { PrometheusApi } from './prometheus-api.ts';
import { PrometheusError } from './prometheus-error.ts';
import { waitFor } from './wait-for.ts';

/** How long Prometheus may take to close its TSDB after SIGTERM before it is killed. */
const GRACEFUL_STOP_MS = 10_000;

/** One scrape job: a name and the loopback `/metrics` URLs it scrapes. */
export interface ScrapeJob {
  name: string;
  metricsUrls: string[];
}

export interface PrometheusOptions {
  jobs: ScrapeJob[];
  /** Directory whose `*.yml` files are loaded as rule files. */
  ruleDir: string;
  /** Scrape and rule evaluation interval in seconds (default 1). */
  intervalSeconds?: number;
  /**
   * How far back a query looks for a series' latest sample (Prometheus's default is 5 min).
   * A lab that compresses time shortens it too, so that a series that stopped (a scrape job
   * removed) disappears within seconds rather than minutes.
   */
  lookbackDeltaSeconds?: number;
}

/**
 * A real Prometheus server (Debian's 2.42 by default; PROMETHEUS_BIN overrides) on 127.0.0.1
 * with a temporary TSDB and a generated configuration: the given jobs, the given rule files,
 * and nothing else. No Alertmanager, no remote write, no target outside loopback, so alerts
 * are only ever read through its HTTP API.
 */
export class Prometheus {
  readonly url: string;
  readonly api: PrometheusApi;
  readonly #binary: string;
  readonly #dir: string;
  readonly #port: number;
  readonly #options: PrometheusOptions;
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(binary: string, dir: string, port: number, options: PrometheusOptions) {
    this.#binary = binary;
    this.#options = options;
    this.#dir = dir;
    this.#port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.api = new PrometheusApi(this.url);
  }

  static async start(options: PrometheusOptions): Promise<Prometheus> {
    const binary = findBinary('prometheus', process.env.PROMETHEUS_BIN);
    const config = prometheusConfig(options);
    const dir = await mkdtemp(join(tmpdir(), 'harborhook-prometheus-'));
    const prometheus = new Prometheus(binary, dir, await freePort(), options);
    try {
      await prometheus.#writeConfig(config);
      await prometheus.#launch();
    } catch (err) {
      await prometheus.close();
      throw err;
    }
    return prometheus;
  }

  /** The process id while it runs, for teardown checks. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The temporary directory holding its configuration and TSDB. */
  get directory(): string {
    return this.#dir;
  }

  /** What Prometheus printed (the end of it), for diagnosing a failure. */
  get output(): string {
    return this.#output;
  }

  /**
   * Replaces the scrape jobs and reloads the configuration (rules included), as an operator's
   * config change would: a job left out stops being scraped and its `up` series goes stale.
   */
  async setJobs(jobs: ScrapeJob[]): Promise<void> {
    await this.#writeConfig(prometheusConfig({ ...this.#options, jobs }));
    const response = await fetch(`${this.url}/-/reload`, { method: 'POST',
      signal: AbortSignal.timeout(10_000) });
    if (!response.ok) {
      throw new PrometheusError('PROMETHEUS_ERR_API',
        `/-/reload answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    }
  }

  async #writeConfig(config: object): Promise<void> {
    await writeFile(join(this.#dir, 'prometheus.yml'), JSON.stringify(config, null, 2));
  }

  async #launch(): Promise<void> {
    const child = spawn(this.#binary, [
      `--config.file=${join(this.#dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(this.#dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${this.#port}`,
      '--storage.tsdb.retention.time=1d',
      // An alert must go back to inactive promptly once its condition is gone.
      '--rules.alert.resend-delay=1s',
      '--log.level=warn',
      ...(this.#options.lookbackDeltaSeconds === undefined ? []
        : [`--query.lookback-delta=${this.#options.lookbackDeltaSeconds}s`]),
      // POST /-/reload for setJobs; the server listens on loopback only.
      '--web.enable-lifecycle',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    // Should this process exit without close(), Prometheus must not outlive it.
    const killOnExit = (): void => { child.kill('SIGKILL'); };
    process.once('exit', killOnExit);
    child.on('exit', () => {
      process.removeListener('exit', killOnExit);
      if (this.#child === child) this.#child = undefined;
    });
    this.#child = child;
    let exited = false;
    try {
      await waitFor(async () => {
        exited = this.#child !== child;
        if (exited) return true;
        return (await fetch(`${this.url}/-/ready`)).ok;
      }, { what: 'prometheus /-/ready', timeoutMs: 30_000, intervalMs: 50 });
    } catch (err) {
      throw new PrometheusError('PROMETHEUS_ERR_NOT_READY',
        `${(err as Error).message}; output: ${this.#output.slice(-2000)}`);
    }
    if (exited) {
      throw new PrometheusError('PROMETHEUS_ERR_NOT_READY',
        `prometheus exited: ${this.#output.slice(-2000)}`);
    }
  }

  /** SIGTERM (SIGKILL after 10 s), wait for the exit, and remove the TSDB and config. */
  async close(): Promise<void> {
    const child = this.#child;
    if (child !== undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), GRACEFUL_STOP_MS);
      await exited;
      clearTimeout(force);
      this.#child = undefined;
    }
    await rm(this.#dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The configuration as JSON, which Prometheus reads as YAML. Every target must be an http URL
 * on loopback: the lab's Prometheus never reaches beyond this machine.
 */
export function prometheusConfig(options: PrometheusOptions): object {
  const interval = `${options.intervalSeconds ?? 1}s`;
  return {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    rule_files: [join(options.ruleDir, '*.yml')],
    scrape_configs: options.jobs.map((job) => ({
      job_name: job.name,
      metrics_path: '/metrics',
      scheme: 'http',
      static_configs: [{ targets: job.metricsUrls.map(loopbackTarget) }],
    })),
  };
}

function loopbackTarget(metricsUrl: string): string {
  const url = URL.canParse(metricsUrl) ? new URL(metricsUrl) : undefined;
  const loopback = url?.hostname === '127.0.0.1' || url?.hostname === '[::1]';
  if (url === undefined || url.protocol !== 'http:' || !loopback
    || url.pathname !== '/metrics' || url.port === '') {
    throw new PrometheusError('PROMETHEUS_ERR_NOT_LOOPBACK',
      `not an http /metrics URL on 127.0.0.1 or ::1 with a port: ${metricsUrl}`);
  }
  return url.host;
}
