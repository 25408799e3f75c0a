import { readFile } from 'node:fs/promises';
import { waitFor } from '../env/wait-for.ts';
import type { ServiceProcess } from '../platform/service-process.ts';
import type { ServiceHandle } from './lab.ts';
import { LabError } from './lab-error.ts';

/** A graceful stop that takes longer than this (SHUTDOWN_GRACE plus slack) is cut short. */
const STOP_LIMIT_MS = 10_000;
const READY_TIMEOUT_MS = 30_000;

/**
 * A service of the process runtime: its own OS process (ServiceProcess), with the URLs that
 * say it is ready and serve its metrics, known before it starts because its ports are chosen
 * by the lab.
 */
export class ProcessService implements ServiceHandle {
  readonly metricsUrl: string;
  readonly #process: ServiceProcess;
  readonly #readyUrl: string;

  constructor(service: ServiceProcess, urls: { readyUrl: string; metricsUrl: string }) {
    this.#process = service;
    this.#readyUrl = urls.readyUrl;
    this.metricsUrl = urls.metricsUrl;
  }

  get name(): string {
    return this.#process.name;
  }

  get logFile(): string {
    return this.#process.logFile;
  }

  get running(): boolean {
    return this.#process.running;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  async start(): Promise<void> {
    this.#process.start();
    await this.waitUntilReady();
  }

  /** Waits for /readyz to answer 200; fails at once, with the log's tail, if the process dies. */
  async waitUntilReady(): Promise<void> {
    let reason: string;
    try {
      // A process that exits ends the wait at once: waitFor would retry a thrown error.
      const outcome = await waitFor(async () => {
        if (!this.#process.running) return 'exited';
        return (await fetch(this.#readyUrl)).ok && 'ready';
      }, { what: `${this.name} ${this.#readyUrl}`, timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 50 });
      if (outcome === 'ready') return;
      reason = 'the process exited';
    } catch (err) {
      reason = (err as Error).message;
    }
    const log = await readFile(this.logFile, 'utf8').catch(() => '');
    throw new LabError('LAB_ERR_NOT_READY', `${this.name} did not become ready (${reason}); `
      + `its log ends:\n${log.slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (!this.#process.running) return;
    const force = setTimeout(() => { void this.#process.signal('SIGKILL'); }, STOP_LIMIT_MS);
    try {
      await this.#process.stop();
    } finally {
      clearTimeout(force);
    }
  }

  async kill(): Promise<void> {
    await this.#process.signal('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
