/** One cumulative bucket of a Prometheus histogram: observations ≤ `le` seconds. */
export interface HistogramBucket {
  le: number;
  count: number;
}

/**
 * The cumulative buckets of histogram `name` in a text exposition, summed over every series
 * whose labels include `labels`, sorted by bound (+Inf last).
 */
export function histogramBuckets(exposition: string, name: string,
  labels: Record<string, string> = {}): HistogramBucket[] {
  const counts = new Map<number, number>();
  const prefix = `${name}_bucket{`;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const labelText = line.slice(prefix.length, line.indexOf('}'));
    if (!Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) {
      continue;
    }
    const bound = /(?:^|,)le="([^"]+)"/.exec(labelText)?.[1];
    const count = Number(line.slice(line.indexOf('}') + 1).trim().split(/\s+/)[0]);
    if (bound === undefined || !Number.isFinite(count)) continue;
    const le = bound === '+Inf' ? Infinity : Number(bound);
    counts.set(le, (counts.get(le) ?? 0) + count);
  }
  return [...counts].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** `after − before`, bucket by bucket: the observations made between two scrapes. */
export function bucketDelta(before: readonly HistogramBucket[],
  after: readonly HistogramBucket[]): HistogramBucket[] {
  const earlier = new Map(before.map((bucket) => [bucket.le, bucket.count]));
  return after.map((bucket) => ({ le: bucket.le,
    count: bucket.count - (earlier.get(bucket.le) ?? 0) }));
}

/**
 * The q-quantile (0–1) of cumulative buckets, interpolated linearly inside the bucket that
 * holds it, as Prometheus's histogram_quantile does: as exact as the bucket bounds allow. A
 * quantile in the +Inf bucket is the highest finite bound; no observations give undefined.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]):
  number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket <= 0 ? bucket.le
        : lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
