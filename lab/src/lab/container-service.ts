import { readFile } from 'node:fs/promises';
import type { LabContainer } from '../containers/lab-container.ts';
import { waitFor } from '../env/wait-for.ts';
import type { ServiceHandle } from './lab.ts';
import { LabError } from './lab-error.ts';

/** A graceful stop longer than this (SHUTDOWN_GRACE plus slack) ends in SIGKILL. */
const STOP_GRACE_SECONDS = 10;
const READY_TIMEOUT_MS = 30_000;

/**
 * A part of the container runtime that says when it is ready over HTTP (api, relay and
 * workers by /readyz; nsqd by /ping; Toxiproxy by /version), reached at its port published on
 * 127.0.0.1. kill() is SIGKILL of the container, start() starts the same container again.
 */
export class ContainerService implements ServiceHandle {
  readonly metricsUrl: string;
  readonly #container: LabContainer;
  readonly #readyUrl: string;

  constructor(container: LabContainer, urls: { readyUrl: string; metricsUrl: string }) {
    this.#container = container;
    this.#readyUrl = urls.readyUrl;
    this.metricsUrl = urls.metricsUrl;
  }

  get name(): string {
    return this.#container.name;
  }

  get logFile(): string {
    return this.#container.logFile;
  }

  get running(): boolean {
    return this.#container.running;
  }

  get pid(): number | undefined {
    return this.#container.pid;
  }

  get containerId(): string {
    return this.#container.id;
  }

  async start(): Promise<void> {
    await this.#container.start();
    await this.waitUntilReady();
  }

  /** Waits for the ready URL to answer 2xx; fails at once, with the log's tail, if it exits. */
  async waitUntilReady(): Promise<void> {
    let reason: string;
    try {
      // An exited container ends the wait at once: waitFor would retry a thrown error.
      const outcome = await waitFor(async () => {
        if (!this.#container.running) return 'exited';
        return (await fetch(this.#readyUrl)).ok && 'ready';
      }, { what: `${this.name} ${this.#readyUrl}`, timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 50 });
      if (outcome === 'ready') return;
      reason = 'the container exited';
    } catch (err) {
      reason = (err as Error).message;
    }
    const log = await readFile(this.logFile, 'utf8').catch(() => '');
    throw new LabError('LAB_ERR_NOT_READY', `${this.name} did not become ready (${reason}); `
      + `its log ends:\n${log.slice(-3000)}`);
  }

  async stop(): Promise<void> {
    await this.#container.stop(STOP_GRACE_SECONDS);
  }

  async kill(): Promise<void> {
    await this.#container.kill();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
