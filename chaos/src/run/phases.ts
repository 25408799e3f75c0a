/** When the fault starts and ends, and when the load stops, in seconds from the load's start. */
export interface Phases {
  faultStartS: number;
  faultEndS: number;
  loadEndS: number;
  /** How long the runner waits after the load for every delivery to become final. */
  drainTimeoutS: number;
  /** The recovery limit, scaled like the rest. */
  maxRecoveryS: number;
}

/** Full runs are for laptops and nightly jobs; quick ones for CI (the catalogue in minutes). */
export type RunLength = 'full' | 'quick';

const STEADY_S = { full: 10, quick: 5 };
const AFTER_S = { full: 15, quick: 8 };
/** A quick fault lasts this fraction of a full one, but long enough to matter. */
const QUICK_FAULT_SHARE = 0.5;
const QUICK_FAULT_MIN_S = 4;

export function planPhases(faultSeconds: number, maxRecoverySeconds: number,
  length: RunLength): Phases {
  const fault = length === 'full' ? faultSeconds
    : Math.max(QUICK_FAULT_MIN_S, Math.round(faultSeconds * QUICK_FAULT_SHARE));
  const faultStartS = STEADY_S[length];
  const faultEndS = faultStartS + fault;
  return {
    faultStartS,
    faultEndS,
    loadEndS: faultEndS + AFTER_S[length],
    drainTimeoutS: 60,
    // Recovery does not shrink with the fault: leases and retry delays are fixed.
    maxRecoveryS: maxRecoverySeconds,
  };
}
