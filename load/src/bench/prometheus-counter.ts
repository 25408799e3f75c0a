/**
 * Sums the samples of one metric in a Prometheus text exposition whose labels include every
 * given label pair, e.g. `harborhook_deliveries_finished_total{status="delivered"}` over all
 * causes. A metric with no matching sample sums to 0.
 */
export function sumSamples(exposition: string, name: string,
  labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== '{' && rest[0] !== ' ') continue; // another metric sharing the prefix
    const labelText = rest[0] === '{' ? rest.slice(1, rest.indexOf('}')) : '';
    const wanted = Object.entries(labels).every(([key, value]) =>
      labelText.includes(`${key}="${value}"`));
    if (!wanted) continue;
    const value = Number(rest.slice(rest[0] === '{' ? rest.indexOf('}') + 1 : 0).trim()
      .split(/\s+/)[0]);
    if (Number.isFinite(value)) sum += value;
  }
  return sum;
}

/** GETs a /metrics page; undefined when the service does not answer (counted as a gap). */
export async function scrape(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
