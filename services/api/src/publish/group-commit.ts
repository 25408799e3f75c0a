import type { Pool } from '@harborhook/shared/db/pool';
import { uuidv7 } from '@harborhook/shared/ids';
import {
  activeContext, activeTraceparent, inContext,
} from '@harborhook/shared/telemetry/trace-context';
import { isDatabaseUnavailable } from '@harborhook/shared/db/unavailable';
import { QUERY_CANCELED, sqlState } from '@harborhook/shared/db/sqlstate';
import { HarborhookError } from '@harborhook/shared/errors';
import { insertEventGroup, type GroupedEvent, type StoredEvent } from '../store/event-group.ts';
import type {
  GroupCommitMetrics, GroupStatementOutcome,
} from '../metrics/group-commit-metrics.ts';
import type { PublishOutcome } from './publish-event.ts';
import { sha256 } from './request-hash.ts';

export interface GroupCommitLimits {
  /** Most events one transaction stores. */
  maxEvents: number;
  /** Most payload bytes one transaction stores (a group always takes at least one event). */
  maxBytes: number;
  /** Groups committing at once; keep it under the pool size so reads still get connections. */
  maxConcurrent: number;
  /**
   * How long the newest committing group may run before another may start beside it. One
   * group at a time keeps Postgres's work smallest, but then a slow statement holds every
   * publish that arrives meanwhile; 0 starts groups whenever a slot is free.
   */
  stallMs: number;
  /** Most payload bytes waiting for a group, of all tenants; beyond it publishes get 503. */
  maxWaitingBytes: number;
  /** Most payload bytes one tenant may have waiting, so one tenant cannot fill the queue. */
  maxWaitingBytesPerTenant: number;
}

interface Waiting {
  event: GroupedEvent;
  type: string;
  /** The publishing request's trace context. */
  trace: ReturnType<typeof activeContext>;
  /** When it joined the queue (performance.now()). */
  queuedAt: number;
  resolve(outcome: PublishOutcome): void;
  reject(err: unknown): void;
}

/**
 * Group commit for publishes without an Idempotency-Key. Publishes wait in one queue in arrival
 * order; when no group is committing, the oldest waiting ones, of any tenants, are stored in
 * one statement (insertEventGroup), which writes each tenant's rows under that tenant's
 * row-level security. So an idle api commits each event at once, alone, and a busy one stores
 * many per round trip, without a timer. Another group starts beside running ones only when
 * the newest of them has run for `stallMs` (and fewer than `maxConcurrent` run): one group at
 * a time gives Postgres the least work, but a statement held up for tens of milliseconds (a
 * busy CPU, a vacuum) would otherwise hold every publish that arrives meanwhile.
 *
 * Every event of a group is answered only after the commit; a failed group fails each of its
 * events (the clients retry), and the rows are rolled back together, so nothing is
 * half-written. When a group of several tenants fails for any reason but an unreachable
 * database (a data error, or the statement timeout that one tenant's huge fan-out ran into),
 * each tenant's events are tried again on their own, the tenants with the fewest events first,
 * so that one tenant's bad or heavy events cannot fail another's publish; they can delay it,
 * by about the statement timeout. When a tenant's own retry runs out of time as well (smaller
 * ones go first), the database itself is slow, and the tenants left fail at once instead of
 * waiting out a timeout apiece: no publish waits much more than twice the statement timeout.
 *
 * The queue is bounded in payload bytes, in all and per tenant: beyond either bound a publish
 * is refused at once with 503 WHK_ERR_OVERLOADED, so a tenant that publishes faster than the
 * database stores cannot grow the api's memory without end.
 */
export class GroupCommit {
  readonly #pool: Pool;
  readonly #limits: GroupCommitLimits;
  readonly #metrics: GroupCommitMetrics | undefined;
  readonly #waiting: Waiting[] = [];
  #waitingBytes = 0;
  readonly #waitingBytesByTenant = new Map<string, number>();
  #committing = 0;
  /** When the newest committing group started (performance.now()). */
  #newestStart = 0;
  #stallTimer: NodeJS.Timeout | undefined;

  constructor(pool: Pool, limits: GroupCommitLimits, metrics?: GroupCommitMetrics) {
    this.#pool = pool;
    this.#limits = limits;
    this.#metrics = metrics;
  }

  /** Events waiting for a group to start: publishes queued in front of the database pool. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Rejects with WHK_ERR_OVERLOADED when the queue, or the tenant's share of it, is full. */
  publish(tenantId: string, type: string, payload: Buffer): Promise<PublishOutcome> {
    const tenantBytes = this.#waitingBytesByTenant.get(tenantId) ?? 0;
    // An empty queue takes any event, so a single event of any allowed size always gets in.
    if (this.#waiting.length > 0 && (this.#waitingBytes + payload.length
      > this.#limits.maxWaitingBytes || tenantBytes + payload.length
      > this.#limits.maxWaitingBytesPerTenant)) {
      return Promise.reject(new HarborhookError('WHK_ERR_OVERLOADED',
        'too many publishes are waiting to be stored; retry after the time in Retry-After'));
    }
    return new Promise((resolve, reject) => {
      const event = { tenantId, id: uuidv7(), type, payload, payloadSha256: sha256(payload),
        traceparent: activeTraceparent() ?? null };
      this.#waiting.push({ event, type, trace: activeContext(), queuedAt: performance.now(),
        resolve, reject });
      this.#waitingBytes += payload.length;
      this.#waitingBytesByTenant.set(tenantId, tenantBytes + payload.length);
      this.#startGroups();
    });
  }

  #startGroups(): void {
    while (this.#committing < this.#limits.maxConcurrent && this.#waiting.length > 0) {
      if (this.#committing > 0) {
        const stalledIn = this.#newestStart + this.#limits.stallMs - performance.now();
        if (stalledIn > 0) {
          this.#startWhenStalled(stalledIn);
          return;
        }
      }
      const group = this.#takeGroup();
      this.#committing += 1;
      this.#newestStart = performance.now();
      for (const { queuedAt } of group) {
        this.#metrics?.queueWait.observe((this.#newestStart - queuedAt) / 1000);
      }
      // A group may start when an earlier one ends, inside that one's request: its statement
      // is traced as part of its own first event's request instead.
      const trace = (group[0] as Waiting).trace;
      void inContext(trace, () => this.#commit(group)).finally(() => {
        this.#committing -= 1;
        this.#startGroups();
      });
    }
  }

  /** Looks again once the newest group has run for stallMs, if it is still committing. */
  #startWhenStalled(delayMs: number): void {
    if (this.#stallTimer !== undefined) return;
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      this.#startGroups();
    }, Math.ceil(delayMs));
    // Committing groups keep the process alive on their own; a timer need not.
    this.#stallTimer.unref();
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
    const group = this.#waiting.splice(0, count);
    for (const { event } of group) {
      this.#waitingBytes -= event.payload.length;
      const left = (this.#waitingBytesByTenant.get(event.tenantId) ?? 0) - event.payload.length;
      if (left > 0) this.#waitingBytesByTenant.set(event.tenantId, left);
      else this.#waitingBytesByTenant.delete(event.tenantId);
    }
    return group;
  }

  async #commit(group: Waiting[]): Promise<void> {
    try {
      this.#answer(group, await this.#store(group));
    } catch (err) {
      const byTenant = Map.groupBy(group, (waiting) => waiting.event.tenantId);
      if (byTenant.size === 1 || isDatabaseUnavailable(err)) {
        for (const waiting of group) waiting.reject(err);
        return;
      }
      const smallestFirst = [...byTenant.values()].sort((a, b) => a.length - b.length);
      for (const [index, own] of smallestFirst.entries()) {
        try {
          this.#answer(own, await this.#store(own));
        } catch (tenantErr) {
          // A smaller tenant's own statement running out of time too means a slow database,
          // not one heavy tenant: trying each of the rest would cost a statement timeout apiece.
          const giveUp = isStatementTimeout(tenantErr);
          for (const waiting of giveUp ? smallestFirst.slice(index).flat() : own) {
            waiting.reject(tenantErr);
          }
          if (giveUp) return;
        }
      }
    }
  }

  /** One statement storing these events, measured. */
  async #store(group: Waiting[]): Promise<ReadonlyMap<string, StoredEvent>> {
    const startedAt = performance.now();
    let outcome: GroupStatementOutcome = 'failed';
    try {
      const stored = await insertEventGroup(this.#pool, group.map((w) => w.event));
      outcome = 'committed';
      return stored;
    } finally {
      this.#metrics?.statementDuration.observe({ outcome },
        (performance.now() - startedAt) / 1000);
      this.#metrics?.groupEvents.observe(group.length);
    }
  }

  #answer(group: Waiting[], stored: ReadonlyMap<string, StoredEvent>): void {
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

/** Postgres cancelled the statement: the statement timeout (or an operator's cancel). */
function isStatementTimeout(err: unknown): boolean {
  return sqlState(err) === QUERY_CANCELED;
}
