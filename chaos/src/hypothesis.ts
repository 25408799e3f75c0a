import type { CheckResult } from './report/report-model.ts';
import { arrivalSecond, endToEndMs, type RunRecord } from './run/run-record.ts';

/** The windows experiments compare: before the fault (after warm-up) and during it. */
export function steadyWindow(run: RunRecord): [number, number] {
  return [2, run.phases.faultStartS];
}

export function faultWindow(run: RunRecord): [number, number] {
  return [run.phases.faultStartS, run.phases.faultEndS];
}

/** Publishes meant to start within [from, to) seconds. */
export function publishesIn(run: RunRecord, [from, to]: [number, number]) {
  return run.publishes.filter((p) => {
    const s = (p.intendedAtMs - run.startedAtMs) / 1000;
    return s >= from && s < to;
  });
}

/** Publish-to-arrival times of webhooks that arrived within [from, to) at these receivers. */
export function endToEndIn(run: RunRecord, [from, to]: [number, number],
  receivers?: readonly number[]): number[] {
  return run.received.filter((r) => (receivers === undefined
    || receivers.includes(r.receiverIndex)) && arrivalSecond(run, r.request) >= from
    && arrivalSecond(run, r.request) < to)
    .map((r) => endToEndMs(r.request)).filter((ms) => ms !== undefined);
}

export function publishLatencyIn(run: RunRecord, window: [number, number]): number[] {
  return publishesIn(run, window).filter((p) => p.status === 202).map((p) => p.latencyMs);
}

/** The most deliveries waiting at once within a window, from the timeline. */
export function peakBacklogIn(run: RunRecord, [from, to]: [number, number]): number {
  return Math.max(0, ...run.timeline.filter((p) => p.t > from && p.t <= to + 1)
    .map((p) => p.pending));
}

export const ms = (value: number): string => `${Math.round(value)} ms`;

export function check(name: string, passed: boolean, detail: string): CheckResult {
  return { name, passed, detail };
}

/** How the publishes ended, by status (`timeout` and `connection` for no answer). */
export function statusCounts(publishes: RunRecord['publishes']): string {
  const byStatus: Record<string, number> = {};
  for (const p of publishes) byStatus[String(p.status)] = (byStatus[String(p.status)] ?? 0) + 1;
  return Object.entries(byStatus).map(([status, n]) => `${status}: ${n}`).join(', ');
}

/** The api accepted every publish: none refused, none unanswered, none dropped. */
export function everyPublishAccepted(run: RunRecord): CheckResult {
  const failed = run.publishes.filter((p) => p.status !== 202);
  return check('publishing was not affected: every publish accepted', failed.length === 0,
    `${run.publishes.length - failed.length} of ${run.publishes.length} publishes answered 202`
    + (failed.length === 0 ? '' : `; others: ${statusCounts(failed)}`));
}

/** The fault made work pile up, so the experiment really tested recovery from it. */
export function backlogRose(run: RunRecord): CheckResult {
  const steady = peakBacklogIn(run, steadyWindow(run));
  const during = peakBacklogIn(run, faultWindow(run));
  return check('the fault was felt: deliveries piled up', during > steady * 2 + 10,
    `at most ${steady} deliveries waiting before the fault, ${during} during it`);
}
