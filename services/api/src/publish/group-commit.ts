import type { Pool } from '@harborhook/shared/db/pool';
import { uuidv7 } from '@harborhook/shared/ids';
import {
  activeContext, activeTraceparent, inContext,
} from '@harborhook/shared/telemetry/trace-context';
import { insertEventGroup, type GroupedEvent } from '../store/event-group.ts';
import type { PublishOutcome } from './publish-event.ts';
import { sha256 } from './request-hash.ts';

export interface GroupCommitLimits {
  /** Most events one transaction stores. */
  maxEvents: number;
  /** Most payload bytes one transaction stores (a group always takes at least one event). */
  maxBytes: number;
  /** Groups committing at once; keep it under the pool size so reads still get connections. */
  maxConcurrent: number;
}

interface Waiting {
  event: GroupedEvent;
  type: string;
  /** The publishing request's trace context. */
  trace: ReturnType<typeof activeContext>;
  resolve(outcome: PublishOutcome): void;
  reject(err: unknown): void;
}

/**
 * Group commit for publishes without an Idempotency-Key. Each publish joins its tenant's
 * queue; whenever fewer than `maxConcurrent` groups are committing, the tenant that waited
 * longest has its queue stored in one statement (insertEventGroup). So an idle api commits
 * each event at once, alone, and a busy one stores many per round trip, without a timer. Every
 * event of a group is answered only after the commit; a failed group fails each of its events
 * (the clients retry), and the rows are rolled back together, so nothing is half-written.
 */
export class GroupCommit {
  readonly #pool: Pool;
  readonly #limits: GroupCommitLimits;
  /** Insertion order is the order tenants started waiting: the fairness of the queue. */
  readonly #waiting = new Map<string, Waiting[]>();
  #committing = 0;
  #waitingEvents = 0;

  constructor(pool: Pool, limits: GroupCommitLimits) {
    this.#pool = pool;
    this.#limits = limits;
  }

  /** Events waiting for a group to start: publishes queued in front of the database pool. */
  get waiting(): number {
    return this.#waitingEvents;
  }

  publish(tenantId: string, type: string, payload: Buffer): Promise<PublishOutcome> {
    return new Promise((resolve, reject) => {
      const event = { id: uuidv7(), type, payload, payloadSha256: sha256(payload),
        traceparent: activeTraceparent() ?? null };
      const queue = this.#waiting.get(tenantId);
      const waiting = { event, type, trace: activeContext(), resolve, reject };
      if (queue === undefined) this.#waiting.set(tenantId, [waiting]);
      else queue.push(waiting);
      this.#waitingEvents += 1;
      this.#startGroups();
    });
  }

  #startGroups(): void {
    while (this.#committing < this.#limits.maxConcurrent) {
      const next = this.#waiting.entries().next();
      if (next.done === true) return;
      const [tenantId, queue] = next.value;
      const group = this.#takeGroup(queue);
      // The rest goes to the back: other tenants' events are not starved by a busy one.
      this.#waiting.delete(tenantId);
      if (queue.length > 0) this.#waiting.set(tenantId, queue);
      this.#committing += 1;
      // A group may start when an earlier one ends, inside that one's request: its statement
      // is traced as part of its own first event's request instead.
      const trace = (group[0] as Waiting).trace;
      void inContext(trace, () => this.#commit(tenantId, group)).finally(() => {
        this.#committing -= 1;
        this.#startGroups();
      });
    }
  }

  #takeGroup(queue: Waiting[]): Waiting[] {
    let count = 0;
    let bytes = 0;
    while (count < queue.length && count < this.#limits.maxEvents) {
      const size = (queue[count] as Waiting).event.payload.length;
      if (count > 0 && bytes + size > this.#limits.maxBytes) break;
      bytes += size;
      count += 1;
    }
    this.#waitingEvents -= count;
    return queue.splice(0, count);
  }

  async #commit(tenantId: string, group: Waiting[]): Promise<void> {
    try {
      const stored = await insertEventGroup(this.#pool, tenantId, group.map((w) => w.event));
      for (const waiting of group) {
        const row = stored.get(waiting.event.id);
        if (row === undefined) {
          waiting.reject(new Error('a grouped event was not stored'));
          continue;
        }
        waiting.resolve({ id: row.id, type: waiting.type,
          createdAt: row.createdAt.toISOString(), deliveryCount: row.deliveryCount,
          duplicate: false });
      }
    } catch (err) {
      for (const waiting of group) waiting.reject(err);
    }
  }
}
