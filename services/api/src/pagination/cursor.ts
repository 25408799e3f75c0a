import { HarborhookError } from '@harborhook/shared/errors';
import { isUuid } from '@harborhook/shared/ids';
import { isTimestamp } from '../validation/timestamp.ts';

/** What each part of a cursor's sort key is, so that a forged value never reaches SQL. */
export type KeyPart = 'uuid' | 'timestamp';

function partIsValid(kind: KeyPart, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // A timestamp must be a real instant: a well-shaped `2025-13-45T25:61:61Z` is not one.
  return kind === 'uuid' ? isUuid(value) : isTimestamp(value);
}

/**
 * Cursors are opaque to clients: base64url of a list name and the sort key of the last item
 * seen. A cursor from one list is refused by another, and a tampered one is a 400, never a 500.
 */
export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');
}

export function decodeCursor(list: string, cursor: string | undefined,
  parts: readonly KeyPart[]): string[] | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const valid = Array.isArray(decoded) && decoded[0] === list
    && decoded.length === parts.length + 1
    && parts.every((part, i) => partIsValid(part, decoded[i + 1]));
  if (!valid) {
    throw new HarborhookError('WHK_ERR_REQUEST_INVALID',
      'querystring/cursor is not a cursor this list gave out');
  }
  return (decoded as string[]).slice(1);
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Rows were fetched with limit + 1: the extra row only says that another page exists. */
export function toPage<T>(rows: T[], limit: number, list: string,
  keyOf: (last: T) => readonly string[]): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  const nextCursor = rows.length > limit && last !== undefined
    ? encodeCursor(list, keyOf(last)) : null;
  return { data, nextCursor };
}
