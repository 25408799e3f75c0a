import { EventPublisher, type PublishStatus } from '@harborhook/load/driver/event-publisher';
import { OpenModel } from '@harborhook/load/driver/open-model';
import { ArrivalSchedule } from '@harborhook/load/schedule/arrival-schedule';

export interface SteadyLoadOptions {
  apiUrl: string;
  token: string;
  eventType: string;
  ratePerSecond: number;
  /** The load stops by itself after this long, whether or not stop() is called. */
  maxSeconds: number;
}

const REQUEST_TIMEOUT_MS = 10_000;
// A publish stalled by a fault is dropped beyond this many, not queued.
const MAX_OUTSTANDING = 64;

/**
 * Open-model publishing at a steady rate for as long as an alerting-lab run lasts: events keep
 * arriving on schedule whatever the platform does, so a fault shows in the metrics as it would
 * in production (errors, latency, backlog), never as a quietly lower rate.
 */
export class SteadyLoad {
  readonly #model: OpenModel;
  readonly #publisher: EventPublisher;
  readonly #abort = new AbortController();
  readonly #statuses = new Map<PublishStatus, number>();
  readonly #running: Promise<void>;
  #dropped = 0;

  constructor(options: SteadyLoadOptions) {
    this.#publisher = new EventPublisher({ apiUrl: options.apiUrl, connections: 16,
      requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const body = '{"check":"alerting-lab"}';
    this.#model = new OpenModel({
      schedule: new ArrivalSchedule(options.ratePerSecond,
        [{ durationSeconds: options.maxSeconds, target: options.ratePerSecond }]),
      maxOutstanding: MAX_OUTSTANDING,
      signal: this.#abort.signal,
      onDrop: () => { this.#dropped += 1; },
      start: async () => {
        const outcome = await this.#publisher.publish(options.token, options.eventType, body);
        this.#statuses.set(outcome.status, (this.#statuses.get(outcome.status) ?? 0) + 1);
      },
    });
    this.#running = this.#model.run();
  }

  /** Publishes answered 202 so far. */
  get accepted(): number {
    return this.#statuses.get(202) ?? 0;
  }

  /** Every outcome so far, e.g. `202: 812, timeout: 3, dropped: 0`. */
  summary(): string {
    const parts = [...this.#statuses].map(([status, count]) => `${status}: ${count}`);
    return [...parts, `dropped: ${this.#dropped}`].join(', ');
  }

  /** Stops scheduling, waits for the outstanding publishes, and closes the connections. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
    await this.#publisher.close();
  }
}
