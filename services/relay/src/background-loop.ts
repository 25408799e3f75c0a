import { stoppableWait } from './stoppable-wait.ts';

/**
 * Runs `step` again and again until stopped; each step says how long to wait before the next
 * (0: at once). Stopping interrupts the wait, never a step in progress.
 */
export class BackgroundLoop {
  readonly #step: () => Promise<number>;
  readonly #stopping = new AbortController();
  #running: Promise<void> | undefined;

  constructor(step: () => Promise<number>) {
    this.#step = step;
  }

  /** Aborted once stop() has been called; long steps check it between batches. */
  get signal(): AbortSignal {
    return this.#stopping.signal;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** Lets the step in progress finish, then resolves. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      const waitMs = await this.#step();
      if (waitMs > 0) await stoppableWait(waitMs, signal);
    }
  }
}
