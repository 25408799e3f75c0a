import type { Pool } from '@harborhook/shared/db/pool';
import { uuidv7 } from '@harborhook/shared/ids';
import {
  activeContext, activeTraceparent, inContext,
} from '@harborhook/shared/telemetry/trace-context';
import { sqlState } from '@harborhook/shared/db/sqlstate';
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
 * SQLSTATE classes of a database that cannot serve anyone (connection, resources, operator
 * intervention, system errors): retrying a failed group by tenant would only fail again.
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/**
 * Group commit for publishes without an Idempotency-Key. Publishes wait in one queue in arrival
 * order; whenever fewer than `maxConcurrent` groups are committing, the oldest waiting ones,
 * of any tenants, are stored in one statement (insertEventGroup), which writes each tenant's
 * rows under that tenant's row-level security. So an idle api commits each event at once,
 * alone, and a busy one stores many per round trip, without a timer. Every event of a group is
 * answered only after the commit; a failed group fails each of its events (the clients retry),
 * and the rows are rolled back together, so nothing is half-written. When a group of several
 * tenants fails in the statement itself (a data error, not an outage), each tenant's events
 * are tried again on their own, so that one tenant's bad event cannot fail another's publish.
 */
export class GroupCommit {
  readonly #pool: Pool;
  readonly #limits: GroupCommitLimits;
  #waiting: Waiting[] = [];
  #committing = 0;

  constructor(pool: Pool, limits: GroupCommitLimits) {
    this.#pool = pool;
    this.#limits = limits;
  }

  /** Events waiting for a group to start: publishes queued in front of the database pool. */
  get waiting(): number {
    return this.#waiting.length;
  }

  publish(tenantId: string, type: string, payload: Buffer): Promise<PublishOutcome> {
    return new Promise((resolve, reject) => {
      const event = { tenantId, id: uuidv7(), type, payload, payloadSha256: sha256(payload),
        traceparent: activeTraceparent() ?? null };
      this.#waiting.push({ event, type, trace: activeContext(), resolve, reject });
      this.#startGroups();
    });
  }

  #startGroups(): void {
    while (this.#committing < this.#limits.maxConcurrent && this.#waiting.length > 0) {
      const group = this.#takeGroup();
      this.#committing += 1;
      // A group may start when an earlier one ends, inside that one's request: its statement
      // is traced as part of its own first event's request instead.
      const trace = (group[0] as Waiting).trace;
      void inContext(trace, () => this.#commit(group)).finally(() => {
        this.#committing -= 1;
        this.#startGroups();
      });
    }
  }

  #takeGroup(): Waiting[] {
    let count = 0;
    let bytes = 0;
    while (count < this.#waiting.length && count < this.#limits.maxEvents) {
      const size = (this.#waiting[count] as Waiting).event.payload.length;
      if (count > 0 && bytes + size > this.#limits.maxBytes) break;
      bytes += size;
      count += 1;
    }
    return this.#waiting.splice(0, count);
  }

  async #commit(group: Waiting[]): Promise<void> {
    try {
      this.#answer(group, await insertEventGroup(this.#pool, group.map((w) => w.event)));
    } catch (err) {
      const tenants = new Set(group.map((waiting) => waiting.event.tenantId));
      if (tenants.size === 1 || !failedInStatement(err)) {
        for (const waiting of group) waiting.reject(err);
        return;
      }
      for (const tenant of tenants) {
        const own = group.filter((waiting) => waiting.event.tenantId === tenant);
        await insertEventGroup(this.#pool, own.map((w) => w.event)).then(
          (stored) => this.#answer(own, stored),
          (tenantErr: unknown) => { for (const waiting of own) waiting.reject(tenantErr); });
      }
    }
  }

  #answer(group: Waiting[], stored: Awaited<ReturnType<typeof insertEventGroup>>): void {
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
  }
}

/** True when Postgres ran the statement and refused it, rather than being unreachable. */
function failedInStatement(err: unknown): boolean {
  const state = sqlState(err);
  return state !== undefined && !UNAVAILABLE_CLASSES.has(state.slice(0, 2));
}
