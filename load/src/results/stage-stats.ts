import type { PublishStatus } from '../driver/event-publisher.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';

/** The publishing side of one stage (or of the whole run, by adding the stages up). */
export class StageStats {
  /** Arrivals whose time came: sent plus dropped. */
  scheduled = 0;
  sent = 0;
  dropped = 0;
  completed = 0;
  accepted = 0;
  readonly statuses = new Map<string, number>();
  /** Intended start → answer (or timeout), for every publish that finished. */
  readonly publish = new LatencyHistogram();

  noteDropped(): void {
    this.scheduled += 1;
    this.dropped += 1;
  }

  noteSent(): void {
    this.scheduled += 1;
    this.sent += 1;
  }

  noteFinished(status: PublishStatus, latencyMs: number): void {
    this.completed += 1;
    if (status === 202) this.accepted += 1;
    this.statuses.set(String(status), (this.statuses.get(String(status)) ?? 0) + 1);
    this.publish.recordMs(latencyMs);
  }

  /** Publishes that finished without a 202, by status (`timeout`, `connection`, or the code). */
  errorsByStatus(): Record<string, number> {
    return Object.fromEntries([...this.statuses].filter(([status]) => status !== '202')
      .sort(([a], [b]) => a.localeCompare(b)));
  }

  get errors(): number {
    return this.completed - this.accepted;
  }

  /** Errors over publishes sent (a publish still outstanding counts as not failed yet). */
  get errorRate(): number {
    return this.sent === 0 ? 0 : this.errors / this.sent;
  }

  get dropRate(): number {
    return this.scheduled === 0 ? 0 : this.dropped / this.scheduled;
  }

  addInto(total: StageStats): void {
    total.scheduled += this.scheduled;
    total.sent += this.sent;
    total.dropped += this.dropped;
    total.completed += this.completed;
    total.accepted += this.accepted;
    for (const [status, count] of this.statuses) {
      total.statuses.set(status, (total.statuses.get(status) ?? 0) + count);
    }
    total.publish.add(this.publish);
  }
}
