import type { OptionValues } from './command.ts';
import { resolveTimeFilter } from './durations.ts';
import { UsageError } from './errors.ts';

/** Typed reads of parsed flags, with the usage errors every command would otherwise repeat. */

export function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredFlag(values: OptionValues, name: string, command: string): string {
  const value = stringFlag(values, name);
  if (value === undefined || value === '') {
    throw new UsageError(`--${name} is required`, command);
  }
  return value;
}

export function booleanFlag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** A repeatable flag; each occurrence may also hold a comma-separated list. */
export function listFlag(values: OptionValues, name: string): string[] | undefined {
  const value = values[name];
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function positiveIntFlag(values: OptionValues, name: string, command: string):
  number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be a positive whole number, not "${text}"`, command);
  }
  return Number(text);
}

/** Refuses flags that exclude each other, naming them as the user typed them. */
export function atMostOne(values: OptionValues, names: readonly string[], command: string): void {
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`${given.map((n) => `--${n}`).join(' and ')} cannot be used together`,
      command);
  }
}

/**
 * `--since` and `--until`, with ages like `2h` turned into timestamps; only the ones given, so
 * the result can be spread into a query or a body.
 */
export function timeRangeFlags(values: OptionValues,
  nowMs: number): { since?: string; until?: string } {
  const range: { since?: string; until?: string } = {};
  const since = stringFlag(values, 'since');
  const until = stringFlag(values, 'until');
  if (since !== undefined) range.since = resolveTimeFilter(since, nowMs);
  if (until !== undefined) range.until = resolveTimeFilter(until, nowMs);
  return range;
}
