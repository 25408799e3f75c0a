import { createHash } from 'node:crypto';

/** Identifies a publish request for idempotency: the event type, a NUL, then the payload bytes. */
export function requestHash(type: string, payload: Buffer): Buffer {
  return createHash('sha256').update(type, 'utf8').update('\0').update(payload).digest();
}

export function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}
