/**
 * The one timestamp syntax the api accepts, in query parameters, bodies and cursors alike:
 * RFC 3339 `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, naming a real instant in years 1 to
 * 9999. Postgres refuses some values that a looser check lets through (year 0, a month 13, an
 * offset of 99 hours) with a data exception; checking here makes each of them a 400 that names
 * the parameter instead.
 */
const RFC3339 = new RegExp('^(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})'
  + '(?:\\.(\\d{1,9}))?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))$');

/** Real zones lie between UTC-12:00 and UTC+14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** A human-readable summary of the rule, for error messages and docs. */
export const TIMESTAMP_RULE = 'an RFC 3339 date-time with Z or a ±HH:MM offset (at most 14 '
  + 'hours), in years 1 to 9999, like 2025-01-31T23:59:59Z';

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; setUTCFullYear keeps years < 100.
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** The instant `text` names (to the millisecond), or undefined when it is not one. */
export function parseTimestamp(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as
    [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
    || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = Number(match[9] ?? 0);
  const offsetMinutes = Number(match[10] ?? 0);
  const offset = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  if (offsetMinutes > 59 || Math.abs(offset) > MAX_OFFSET_MINUTES) return undefined;
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, millis);
  // An offset can move a time at either end of the range outside it.
  const time = date.getTime();
  return time >= FIRST_INSTANT && time <= LAST_INSTANT ? date : undefined;
}

export function isTimestamp(text: string): boolean {
  return parseTimestamp(text) !== undefined;
}
