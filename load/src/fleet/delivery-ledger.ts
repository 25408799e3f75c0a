import { LatencyHistogram } from '../metrics/latency-histogram.ts';
import type { ArrivalSchedule } from '../schedule/arrival-schedule.ts';
import type { FleetPlan } from './fleet-plan.ts';

const SENT = 1;
const ACCEPTED = 2;
const ARRIVED = 1;
const DELIVERED = 2;

/** What the receivers saw, against what the api accepted. */
export interface DeliverySummary {
  /** Deliveries the accepted publishes should have made (sum of their fan-out). */
  expected: number;
  /** Requests that reached a receiver, retries and duplicates included. */
  arrivals: number;
  /** Expected deliveries that arrived at least once. */
  received: number;
  /** Expected deliveries answered 2xx by their receiver. */
  delivered: number;
  /** Arrivals of a webhook-id that its endpoint had already answered 2xx. */
  duplicates: number;
  /** Arrivals of a webhook-id that its endpoint had answered with a failure before. */
  retries: number;
  /** Expected deliveries that never arrived within the drain timeout. */
  loss: number;
  /** Arrivals for an endpoint that does not subscribe to the event, or an unknown event. */
  unexpected: number;
  /** Accepted publishes whose deliveryCount differed from the planned fan-out. */
  fanOutMismatches: number;
  /** Deliveries of publishes that were not answered 202 (a timeout that committed, say). */
  arrivedWithoutAcceptance: number;
}

/**
 * Matches deliveries to publishes. Each arrival names its endpoint (the receiver path) and its
 * event (seq in the body); a (seq, endpoint) pair is one delivery. webhook-id is the event's id,
 * so duplicates are counted per endpoint and webhook-id, as each receiver would see them. Flags per
 * pair live in byte arrays sized by the schedule, and counters are kept as arrivals come in, so
 * checking whether the run has drained costs nothing.
 */
export class DeliveryLedger {
  readonly #plan: FleetPlan;
  readonly #schedule: ArrivalSchedule;
  readonly #events: Uint8Array;
  readonly #tenantOf: Uint16Array;
  readonly #typeOf: Uint16Array;
  readonly #pairs: Uint8Array[];
  readonly #webhookIds = new Map<string, boolean>();
  readonly #firstArrival: LatencyHistogram[];
  readonly #delivered: LatencyHistogram[];
  #expected = 0;
  #receivedAccepted = 0;
  #deliveredAccepted = 0;
  #arrivals = 0;
  #duplicates = 0;
  #retries = 0;
  #unexpected = 0;
  #fanOutMismatches = 0;

  constructor(plan: FleetPlan, schedule: ArrivalSchedule) {
    this.#plan = plan;
    this.#schedule = schedule;
    const events = schedule.arrivals;
    this.#events = new Uint8Array(events);
    this.#tenantOf = new Uint16Array(events);
    this.#typeOf = new Uint16Array(events);
    this.#pairs = plan.endpoints.map(() => new Uint8Array(events));
    this.#firstArrival = schedule.stages.map(() => new LatencyHistogram());
    this.#delivered = schedule.stages.map(() => new LatencyHistogram());
  }

  /** Before the publish goes out: its delivery may arrive before its 202 is read. */
  noteSent(seq: number, tenant: number, eventType: number): void {
    this.#events[seq] = SENT;
    this.#tenantOf[seq] = tenant;
    this.#typeOf[seq] = eventType;
  }

  noteAccepted(seq: number, deliveryCount: number | undefined): void {
    const flags = this.#events[seq] ?? 0;
    if ((flags & SENT) === 0 || (flags & ACCEPTED) !== 0) return;
    this.#events[seq] = flags | ACCEPTED;
    const subscribers = this.#subscribersOf(seq);
    if (deliveryCount !== subscribers.length) this.#fanOutMismatches += 1;
    this.#expected += subscribers.length;
    for (const endpoint of subscribers) {
      const pair = this.#pairs[endpoint]?.[seq] ?? 0;
      if ((pair & ARRIVED) !== 0) this.#receivedAccepted += 1;
      if ((pair & DELIVERED) !== 0) this.#deliveredAccepted += 1;
    }
  }

  /**
   * One request at a receiver. `arrivedAt` and `sentAt` are epoch milliseconds on this
   * process's clock; `answeredOk` says whether the receiver answers 2xx.
   */
  recordArrival(endpoint: number, seq: number, sentAt: number, webhookId: string,
    answeredOk: boolean, arrivedAt: number): void {
    const pairs = this.#pairs[endpoint];
    if (pairs === undefined || seq >= this.#events.length
      || ((this.#events[seq] ?? 0) & SENT) === 0 || !this.#subscribersOf(seq).includes(endpoint)) {
      this.#unexpected += 1;
      return;
    }
    this.#arrivals += 1;
    // webhook-id is the event id, the same at every endpoint: a receiver dedupes on its own ids.
    const key = `${endpoint}:${webhookId}`;
    const seen = this.#webhookIds.get(key);
    if (seen === true) this.#duplicates += 1;
    else if (seen === false) this.#retries += 1;
    if (seen !== true) this.#webhookIds.set(key, answeredOk);
    const accepted = ((this.#events[seq] ?? 0) & ACCEPTED) !== 0;
    const stage = this.#schedule.stageOf(seq).index;
    const pair = pairs[seq] ?? 0;
    if ((pair & ARRIVED) === 0) {
      this.#firstArrival[stage]?.recordMs(arrivedAt - sentAt);
      if (accepted) this.#receivedAccepted += 1;
    }
    if (answeredOk && (pair & DELIVERED) === 0) {
      this.#delivered[stage]?.recordMs(arrivedAt - sentAt);
      if (accepted) this.#deliveredAccepted += 1;
    }
    pairs[seq] = pair | ARRIVED | (answeredOk ? DELIVERED : 0);
  }

  /** A request that is not a load delivery at all (no sentAt/seq body, unknown path). */
  noteUnreadable(): void {
    this.#unexpected += 1;
  }

  /** Every delivery of every accepted publish has arrived at least once. */
  get drained(): boolean {
    return this.#receivedAccepted >= this.#expected;
  }

  get expected(): number {
    return this.#expected;
  }

  get received(): number {
    return this.#receivedAccepted;
  }

  /** Publish intended start → first arrival, for one stage. */
  e2eOfStage(stage: number): LatencyHistogram {
    return this.#firstArrival[stage] ?? new LatencyHistogram();
  }

  /** Publish intended start → the arrival answered 2xx, for one stage. */
  deliveredOfStage(stage: number): LatencyHistogram {
    return this.#delivered[stage] ?? new LatencyHistogram();
  }

  /** Expected deliveries of one stage's accepted publishes that never arrived. */
  lossOfStage(stage: number): number {
    const scheduled = this.#schedule.stages[stage];
    if (scheduled === undefined) return 0;
    let lost = 0;
    const end = scheduled.firstArrival + scheduled.arrivals;
    for (let seq = scheduled.firstArrival; seq < end; seq += 1) {
      if (((this.#events[seq] ?? 0) & ACCEPTED) === 0) continue;
      for (const endpoint of this.#subscribersOf(seq)) {
        if (((this.#pairs[endpoint]?.[seq] ?? 0) & ARRIVED) === 0) lost += 1;
      }
    }
    return lost;
  }

  summary(): DeliverySummary {
    let arrivedWithoutAcceptance = 0;
    for (const pairs of this.#pairs) {
      pairs.forEach((pair, seq) => {
        if ((pair & ARRIVED) !== 0 && ((this.#events[seq] ?? 0) & ACCEPTED) === 0) {
          arrivedWithoutAcceptance += 1;
        }
      });
    }
    return {
      expected: this.#expected,
      arrivals: this.#arrivals,
      received: this.#receivedAccepted,
      delivered: this.#deliveredAccepted,
      duplicates: this.#duplicates,
      retries: this.#retries,
      loss: this.#expected - this.#receivedAccepted,
      unexpected: this.#unexpected,
      fanOutMismatches: this.#fanOutMismatches,
      arrivedWithoutAcceptance,
    };
  }

  #subscribersOf(seq: number): number[] {
    return this.#plan.subscribers[this.#tenantOf[seq] ?? 0]?.[this.#typeOf[seq] ?? 0] ?? [];
  }
}
