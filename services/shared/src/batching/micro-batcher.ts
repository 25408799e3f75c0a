export interface MicroBatcherLimits {
  /** Most items one run takes. */
  maxItems: number;
  /** Runs at once; items arriving while all are busy wait and go together in the next. */
  maxConcurrent: number;
}

interface Waiting<In, Out> {
  item: In;
  resolve(result: Out): void;
  reject(err: unknown): void;
}

/**
 * Turns many single calls into few batched ones without a timer: an item is run at once when a
 * run slot is free, and otherwise waits with the others that arrive meanwhile, which then go
 * in one run. So a quiet service pays no added latency and a busy one makes one round trip for
 * many items. `run` answers with one result per item, in order; if it throws, every item of
 * that run fails with the error.
 */
export class MicroBatcher<In, Out> {
  readonly #run: (items: In[]) => Promise<Out[]>;
  readonly #limits: MicroBatcherLimits;
  #waiting: Waiting<In, Out>[] = [];
  #running = 0;

  constructor(run: (items: In[]) => Promise<Out[]>, limits: MicroBatcherLimits) {
    this.#run = run;
    this.#limits = limits;
  }

  /** Items waiting for a run slot: work queued in front of the database pool. */
  get waiting(): number {
    return this.#waiting.length;
  }

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#startRuns();
    });
  }

  #startRuns(): void {
    while (this.#running < this.#limits.maxConcurrent && this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.#limits.maxItems);
      this.#running += 1;
      void this.#runBatch(batch).finally(() => {
        this.#running -= 1;
        this.#startRuns();
      });
    }
  }

  async #runBatch(batch: Waiting<In, Out>[]): Promise<void> {
    let results: Out[];
    try {
      results = await this.#run(batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} got ${results.length} results`);
      }
    } catch (err) {
      for (const waiting of batch) waiting.reject(err);
      return;
    }
    batch.forEach((waiting, i) => { waiting.resolve(results[i] as Out); });
  }
}
