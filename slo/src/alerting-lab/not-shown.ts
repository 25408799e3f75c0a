/**
 * Alerts the alerting lab's default run (and its tests) does not bring to firing, and why.
 * Each is a threshold in absolute units that the lab profile does not compress (it scales
 * durations, not values), or a condition the services do not reach. The coverage check
 * fails on any loaded alert that is neither in a scenario nor here, so a new alert needs one
 * or the other.
 */
export const NOT_SHOWN_FIRING: Readonly<Record<string, string>> = {
  HarborhookOldestDueDeliveryTooOld: 'its threshold is 300 s of real waiting '
    + '(harborhook_deliveries_oldest_due_age_seconds > 300); a value, not a window, so the '
    + 'lab profile does not shorten it; shown by --slow (a 5-minute outage)',
  HarborhookNsqDepthHigh: 'its threshold is 10000 messages waiting in nsqd; at the lab\'s '
    + '40 deliveries/s that takes over a minute of stopped workers; shown by --slow',
};
