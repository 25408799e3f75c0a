import type { TimelinePoint } from '../report/report-model.ts';
import type { Phases } from './phases.ts';

/** Seconds at the start that warm-up may spend; the steady state is measured after them. */
const WARM_UP_S = 2;
/** Consecutive seconds that must be back to steady before the platform counts as recovered. */
const STABLE_SECONDS = 3;

/**
 * The backlog (deliveries not yet final) that still counts as steady: the most seen before
 * the fault, with room for the noise of a second's arrivals.
 */
export function steadyBacklog(timeline: readonly TimelinePoint[], phases: Phases): number {
  const before = timeline.filter((p) => p.t > WARM_UP_S && p.t <= phases.faultStartS);
  const most = Math.max(0, ...before.map((p) => p.pending));
  return Math.ceil(most * 1.5) + 5;
}

/**
 * Time from the fault's end until the backlog is back within its steady level for
 * STABLE_SECONDS in a row (or until the end of the timeline, whichever comes first), in
 * seconds; null when it never gets back. A fault that never raised the backlog recovers at 0.
 */
export function recoverySeconds(timeline: readonly TimelinePoint[],
  phases: Phases): number | null {
  const limit = steadyBacklog(timeline, phases);
  const after = timeline.filter((p) => p.t >= phases.faultEndS);
  for (let i = 0; i < after.length; i += 1) {
    const window = after.slice(i, i + STABLE_SECONDS);
    if (window.every((p) => p.pending <= limit)) {
      return Math.max(0, (after[i] as TimelinePoint).t - phases.faultEndS);
    }
  }
  return null;
}
