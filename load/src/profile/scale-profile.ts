import { ProfileError } from './profile-error.ts';
import type { LoadProfile } from './profile.ts';

export interface ProfileScale {
  /** Multiplies every stage's duration (CI runs 0.1 for a short version). */
  duration?: number;
  /** Multiplies the start rate and every stage's target. */
  rate?: number;
}

/**
 * A shorter, longer, lighter or heavier version of a profile: the shape (ramps, mixes,
 * thresholds) stays, the clock and the rates stretch. Timeouts are not scaled.
 */
export function scaleProfile(profile: LoadProfile, scale: ProfileScale): LoadProfile {
  const duration = checkFactor(scale.duration ?? 1, 'duration', profile.name);
  const rate = checkFactor(scale.rate ?? 1, 'rate', profile.name);
  const stages = profile.stages.map((stage) => ({
    durationSeconds: stage.durationSeconds * duration,
    target: stage.target * rate,
  }));
  return {
    ...profile,
    startRate: profile.startRate * rate,
    stages,
    durationSeconds: stages.reduce((sum, stage) => sum + stage.durationSeconds, 0),
  };
}

function checkFactor(factor: number, name: string, profile: string): number {
  if (!Number.isFinite(factor) || factor <= 0 || factor > 1000) {
    throw new ProfileError(profile, [{ code: 'LOAD_PROFILE_SCALE_INVALID', field: `scale.${name}`,
      message: `must be a number above 0 and at most 1000 (is ${factor})` }]);
  }
  return factor;
}
