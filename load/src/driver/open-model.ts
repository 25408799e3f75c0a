import { setImmediate as yieldToIo, setTimeout as sleep } from 'node:timers/promises';
import type { ArrivalSchedule, ScheduledStage } from '../schedule/arrival-schedule.ts';

/**
 * One arrival: when it was meant to start, on the `performance.now()` clock (or when it did
 * start, if that was earlier: timers have millisecond granularity).
 */
export interface Arrival {
  index: number;
  stage: number;
  intendedAt: number;
}

export interface OpenModelOptions {
  schedule: ArrivalSchedule;
  /** At most this many requests outstanding; an arrival beyond it is dropped and counted. */
  maxOutstanding: number;
  /** Starts one request; the promise settles when it has finished and must not reject. */
  start(arrival: Arrival): Promise<void>;
  onDrop(arrival: Arrival): void;
  /** Told when a stage's time is up; answering true stops the run (stress: "until it breaks"). */
  stageEnded?(stage: ScheduledStage): boolean;
  signal?: AbortSignal;
  now?: () => number;
}

/**
 * The open model: each arrival starts at its scheduled time whether or not earlier requests have
 * answered. Requests are never queued behind each other in the driver; when `maxOutstanding`
 * are outstanding, the arrival is dropped (and counted), as k6 drops iterations. A stalled
 * target therefore shows up as growing latency (measured from `intendedAt`) and as drops,
 * never as a quietly lower send rate.
 */
export class OpenModel {
  readonly #options: OpenModelOptions;
  readonly #inFlight = new Set<Promise<void>>();
  #scheduled = 0;
  #dropped = 0;
  #stoppedAfterStage: number | undefined;
  #startedAt: number | undefined;

  constructor(options: OpenModelOptions) {
    this.#options = options;
  }

  get outstanding(): number {
    return this.#inFlight.size;
  }

  /** Arrivals whose time has come: started plus dropped. */
  get scheduled(): number {
    return this.#scheduled;
  }

  get dropped(): number {
    return this.#dropped;
  }

  /** The stage after which the run stopped early, if it did. */
  get stoppedAfterStage(): number | undefined {
    return this.#stoppedAfterStage;
  }

  /** When the run started, on the `performance.now()` clock. */
  get startedAt(): number | undefined {
    return this.#startedAt;
  }

  /** Runs the whole schedule, then waits for every outstanding request to finish. */
  async run(): Promise<void> {
    const { schedule, signal } = this.#options;
    const now = this.#options.now ?? (() => performance.now());
    const startedAt = now();
    this.#startedAt = startedAt;
    let stage = -1;
    let next = 0;
    while (next < schedule.arrivals && signal?.aborted !== true) {
      const arrivalStage = schedule.stageOf(next);
      // A stage is judged when its time is up, not when its last arrival has been sent.
      const due = arrivalStage.index !== stage ? startedAt + arrivalStage.startMs
        : startedAt + schedule.offsetMs(next);
      const wait = due - now();
      if (wait >= 1) {
        await sleep(Math.floor(wait), undefined, signal === undefined ? {} : { signal })
          .catch(() => undefined);
        continue;
      }
      if (arrivalStage.index !== stage) {
        if (stage >= 0 && this.#stageEnded(stage)) break;
        stage = arrivalStage.index;
        continue;
      }
      // Timers fire in whole milliseconds, so an arrival may start up to 1 ms early; latency
      // then counts from its actual start, never from a later instant than the real one.
      const intendedAt = Math.min(startedAt + schedule.offsetMs(next), now());
      this.#fire({ index: next, stage, intendedAt });
      next += 1;
      // Behind schedule, fire what is due in bursts but let answers be read between them.
      if (next % 32 === 0) await yieldToIo();
    }
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
  }

  #stageEnded(index: number): boolean {
    const stage = this.#options.schedule.stages[index];
    if (stage === undefined || this.#options.stageEnded?.(stage) !== true) return false;
    this.#stoppedAfterStage = index;
    return true;
  }

  #fire(arrival: Arrival): void {
    this.#scheduled += 1;
    if (this.#inFlight.size >= this.#options.maxOutstanding) {
      this.#dropped += 1;
      this.#options.onDrop(arrival);
      return;
    }
    const request = this.#options.start(arrival).finally(() => this.#inFlight.delete(request));
    this.#inFlight.add(request);
  }
}
