/** Prometheus duration units, largest first, in milliseconds. */
const UNITS: readonly (readonly [string, number])[] = [
  ['y', 365 * 24 * 3_600_000], ['w', 7 * 24 * 3_600_000], ['d', 24 * 3_600_000],
  ['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1],
];

/** What Prometheus 2.42 accepts: units in decreasing order, each at most once (`1h30m`). */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a Prometheus duration such as `5m` or `1h30m`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null || text === '') return undefined;
  let total = 0;
  UNITS.forEach(([, ms], index) => {
    const amount = match[index + 1];
    if (amount !== undefined) total += Number(amount) * ms;
  });
  return total;
}

/**
 * The shortest Prometheus duration for a whole number of milliseconds, from days down (`72m`
 * is written `1h12m`); weeks and years are left out so `30d` stays `30d`.
 */
export function formatDuration(totalMs: number): string {
  if (!Number.isInteger(totalMs) || totalMs < 0) {
    throw new RangeError(`not a whole, non-negative number of milliseconds: ${totalMs}`);
  }
  if (totalMs === 0) return '0s';
  let rest = totalMs;
  let text = '';
  for (const [unit, ms] of UNITS.slice(2)) {
    const amount = Math.floor(rest / ms);
    if (amount > 0) text += `${amount}${unit}`;
    rest -= amount * ms;
  }
  return text;
}
