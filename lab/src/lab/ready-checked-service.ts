import { readFile } from 'node:fs/promises';
import { waitFor } from '../env/wait-for.ts';
import type { ServiceHandle } from './lab.ts';
import { LabError } from './lab-error.ts';

const READY_TIMEOUT_MS = 30_000;

/** What a runtime runs a service as (an OS process, a container), as far as readiness goes. */
export interface RunningPart {
  readonly name: string;
  readonly logFile: string;
  readonly running: boolean;
  readonly pid: number | undefined;
}

/** The URLs that say a service is ready and serve its metrics, known before it starts. */
export interface ServiceUrls {
  readyUrl: string;
  metricsUrl: string;
}

/**
 * A service handle that is ready when its ready URL answers 2xx, whatever runs it. Each
 * runtime says how its part is launched, stopped and killed; waiting, start and restart are
 * the same for all.
 */
export abstract class ReadyCheckedService<Part extends RunningPart> implements ServiceHandle {
  readonly metricsUrl: string;
  protected readonly part: Part;
  readonly #readyUrl: string;
  /** How the part is named when it exits during the wait: 'process', 'container'. */
  readonly #kind: string;

  constructor(part: Part, urls: ServiceUrls, kind: string) {
    this.part = part;
    this.#readyUrl = urls.readyUrl;
    this.metricsUrl = urls.metricsUrl;
    this.#kind = kind;
  }

  get name(): string {
    return this.part.name;
  }

  get logFile(): string {
    return this.part.logFile;
  }

  get running(): boolean {
    return this.part.running;
  }

  get pid(): number | undefined {
    return this.part.pid;
  }

  /** Starts the part again without waiting for it to be ready. */
  protected abstract launch(): Promise<void>;

  abstract stop(): Promise<void>;

  abstract kill(): Promise<void>;

  async start(): Promise<void> {
    await this.launch();
    await this.waitUntilReady();
  }

  /** Waits for the ready URL to answer 2xx; fails at once, with the log's tail, if it exits. */
  async waitUntilReady(): Promise<void> {
    let reason: string;
    try {
      // A part that exits ends the wait at once: waitFor would retry a thrown error.
      const outcome = await waitFor(async () => {
        if (!this.part.running) return 'exited';
        return (await fetch(this.#readyUrl)).ok && 'ready';
      }, { what: `${this.name} ${this.#readyUrl}`, timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 50 });
      if (outcome === 'ready') return;
      reason = `the ${this.#kind} exited`;
    } catch (err) {
      reason = (err as Error).message;
    }
    const log = await readFile(this.logFile, 'utf8').catch(() => '');
    throw new LabError('LAB_ERR_NOT_READY', `${this.name} did not become ready (${reason}); `
      + `its log ends:\n${log.slice(-3000)}`);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
