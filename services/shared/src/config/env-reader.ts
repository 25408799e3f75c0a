import { HarborhookError } from '../errors.ts';

/**
 * Reads typed settings from an environment map and collects every problem, so that a bad
 * configuration fails once with all of its mistakes listed. Each service's config.ts is the only
 * place that hands `process.env` to a reader.
 */
export class EnvReader {
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #problems: string[] = [];

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  #raw(name: string): string | undefined {
    const value = this.#env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  problem(message: string): void {
    this.#problems.push(message);
  }

  string(name: string, fallback: string): string {
    return this.#raw(name) ?? fallback;
  }

  requiredString(name: string, hint: string): string {
    const value = this.#raw(name);
    if (value === undefined) this.problem(`${name} is required: ${hint}`);
    return value ?? '';
  }

  optionalString(name: string): string | undefined {
    return this.#raw(name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      this.problem(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this.problem(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  /** Durations accept `250ms`, `5s`, `2m`, `1h`, `1d` or a bare number of milliseconds. */
  durationMs(name: string, fallbackMs: number, minMs: number, maxMs: number): number {
    const raw = this.#raw(name);
    if (raw === undefined) return fallbackMs;
    const value = parseDurationMs(raw);
    if (value === undefined || value < minMs || value > maxMs) {
      this.problem(`${name} must be a duration from ${minMs} ms to ${maxMs} ms `
        + `(like 250ms, 5s, 2m, 1h), got "${raw}"`);
      return fallbackMs;
    }
    return value;
  }

  durationListMs(name: string, fallbackMs: readonly number[]): number[] {
    const raw = this.#raw(name);
    if (raw === undefined) return [...fallbackMs];
    const parts = raw.split(',').map((part) => part.trim());
    const values = parts.map(parseDurationMs);
    if (parts.length === 0 || values.some((v) => v === undefined || v < 0)) {
      this.problem(`${name} must be a comma-separated list of durations, got "${raw}"`);
      return [...fallbackMs];
    }
    return values as number[];
  }

  intList(name: string, fallback: readonly number[], min: number, max: number): number[] {
    const raw = this.#raw(name);
    if (raw === undefined) return [...fallback];
    const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
    const values = parts.map(Number);
    if (parts.some((p) => !/^\d+$/.test(p)) || values.some((v) => v < min || v > max)) {
      this.problem(`${name} must be a comma-separated list of numbers from ${min} to ${max}, `
        + `got "${raw}"`);
      return [...fallback];
    }
    return values;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.problem(`${name} must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.#raw(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problem(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  }

  /** `host:port` where host is a name or an IP literal; no scheme. */
  hostPort(name: string, fallback: string): string {
    const raw = this.#raw(name) ?? fallback;
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(raw)) {
      this.problem(`${name} must be host:port, got "${raw}"`);
    }
    return raw;
  }

  /** Throws one error listing every problem seen, or returns the value deep-frozen. */
  finish<T extends object>(value: T): Readonly<T> {
    if (this.#problems.length > 0) {
      throw new HarborhookError('WHK_ERR_CONFIG_INVALID',
        `configuration is invalid (${this.#problems.length} problem`
        + `${this.#problems.length === 1 ? '' : 's'}):\n  - ${this.#problems.join('\n  - ')}`,
        this.#problems);
    }
    return deepFreeze(value);
  }
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = UNIT_MS[match[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
