import { EventPublisher } from '@harborhook/load/driver/event-publisher';
import { OpenModel } from '@harborhook/load/driver/open-model';
import { ArrivalSchedule } from '@harborhook/load/schedule/arrival-schedule';
import type { PublishRecord } from './run-record.ts';

export interface ChaosLoadOptions {
  apiUrl: string;
  token: string;
  ratePerSecond: number;
  durationSeconds: number;
  /** How many receivers there are: each event goes to one, or (one in five) to all. */
  receivers: number;
  /** The run's seeded source: which receiver each event goes to. */
  random: () => number;
  /** Stops scheduling publishes. */
  signal?: AbortSignal;
}

/** The event type that reaches receiver `i`, and the one every endpoint subscribes to. */
export const receiverEventType = (index: number): string => `chaos.r${index}`;
export const FAN_OUT_EVENT_TYPE = 'chaos.all';

const REQUEST_TIMEOUT_MS = 10_000;
// A publish stalled by a fault is counted as dropped beyond this many, not queued.
const MAX_OUTSTANDING = 256;

/**
 * A body that must arrive byte for byte: uneven spacing, escapes and non-ASCII text, with the
 * sequence number and intended send time the checks and the latency plots read.
 */
export function chaosPayload(seq: number, sentAtMs: number): string {
  return `{"seq":${seq},  "sentAt":${sentAtMs.toFixed(3)},"note":"caf\\u00e9 ☕\\t",`
    + `"n":[1, 2.50,-0]}`;
}

/**
 * Steady open-model load for a chaos run: publishes start on schedule whatever the platform
 * does, so a fault shows as latency, errors and drops, never as a quietly lower rate.
 */
export class ChaosLoad {
  readonly publishes: PublishRecord[] = [];
  readonly #options: ChaosLoadOptions;
  readonly #publisher: EventPublisher;
  #dropped = 0;
  #outstanding: () => number = () => 0;

  constructor(options: ChaosLoadOptions) {
    this.#options = options;
    this.#publisher = new EventPublisher({ apiUrl: options.apiUrl, connections: 32,
      requestTimeoutMs: REQUEST_TIMEOUT_MS });
  }

  get dropped(): number {
    return this.#dropped;
  }

  get outstanding(): number {
    return this.#outstanding();
  }

  async run(): Promise<void> {
    const { ratePerSecond, durationSeconds, receivers, token, random } = this.#options;
    const schedule = new ArrivalSchedule(ratePerSecond,
      [{ durationSeconds, target: ratePerSecond }]);
    const model = new OpenModel({
      schedule,
      ...(this.#options.signal === undefined ? {} : { signal: this.#options.signal }),
      maxOutstanding: MAX_OUTSTANDING,
      onDrop: () => { this.#dropped += 1; },
      start: async (arrival) => {
        const seq = arrival.index;
        const intendedAtMs = performance.timeOrigin + arrival.intendedAt;
        // Drawn in schedule order, so a seed repeats the same events to the same receivers.
        const draw = random();
        const type = draw < 0.2 ? FAN_OUT_EVENT_TYPE
          : receiverEventType(Math.floor((draw - 0.2) / 0.8 * receivers));
        const body = chaosPayload(seq, intendedAtMs);
        const outcome = await this.#publisher.publish(token, type, body);
        this.publishes.push({ seq, type, body, intendedAtMs, status: outcome.status,
          latencyMs: performance.now() - arrival.intendedAt });
      },
    });
    this.#outstanding = () => model.outstanding;
    await model.run();
  }

  async close(): Promise<void> {
    await this.#publisher.close();
  }
}
