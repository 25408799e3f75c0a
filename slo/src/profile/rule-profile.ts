/**
 * How the rules' durations are rendered. `production` is the committed files as they are; `lab`
 * compresses time for the alerting lab, whose Prometheus scrapes and evaluates every second, so
 * that an hour-long burn-rate window passes in a minute.
 */
export interface RuleProfile {
  name: 'production' | 'lab';
  /** Every duration is multiplied by this. */
  factor: number;
  /** Range windows (`[5m]`, subquery ranges) never go below this: a rate needs samples. */
  minRangeMs: number;
  /** Subquery steps, offsets, `for`, `keep_firing_for` and group intervals floor here. */
  minStepMs: number;
}

export const PRODUCTION_PROFILE: RuleProfile = {
  name: 'production', factor: 1, minRangeMs: 0, minStepMs: 0,
};

/** 1/60: an hour becomes a minute, 30 days 12 hours; 5 s holds five of the lab's 1 s scrapes. */
export const LAB_PROFILE: RuleProfile = {
  name: 'lab', factor: 1 / 60, minRangeMs: 5_000, minStepMs: 1_000,
};

export type DurationRole = 'range' | 'step';

/** A duration as the profile renders it: scaled, rounded to whole seconds, then floored. */
export function scaleDurationMs(profile: RuleProfile, ms: number, role: DurationRole): number {
  if (profile.factor === 1 || ms === 0) return ms;
  const floor = role === 'range' ? profile.minRangeMs : profile.minStepMs;
  return Math.max(floor, Math.round((ms * profile.factor) / 1_000) * 1_000);
}

/** `1/60` for the lab's factor, `1` for production: for headers and docs. */
export function describeFactor(profile: RuleProfile): string {
  const inverse = Number((1 / profile.factor).toPrecision(12));
  return profile.factor < 1 && Number.isInteger(inverse) ? `1/${inverse}` : String(profile.factor);
}
