/** `ms` spread evenly over ±50 %, so that deferred deliveries do not come back in one wave. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.5 + random()));
}
