/** Parsing of the time-valued flags: `--timeout` and the `--since` / `--until` filters. */

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const TIMEOUT = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;

/** `--timeout`: `500ms`, `10s`, `2m`, or a bare number of seconds. Undefined if unparsable. */
export function parseTimeoutMs(text: string): number | undefined {
  const match = TIMEOUT.exec(text.trim());
  if (match === null) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1_000);
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}

const RELATIVE = /^(\d+)(s|m|h|d)$/;

/**
 * `--since` / `--until`: `30m`, `2h`, `7d` mean that long before now and become an ISO timestamp;
 * anything else is passed on unchanged, because the API is the judge of timestamp syntax.
 */
export function resolveTimeFilter(text: string, nowMs: number): string {
  const match = RELATIVE.exec(text.trim());
  if (match === null) return text;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1_000);
  return new Date(nowMs - ms).toISOString();
}
