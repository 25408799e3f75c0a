import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for 256 ids, drawn in one call: one draw per id cost the api 3.6 % of its CPU
 * at 1,000 publishes/s. Each byte is used once.
 */
const entropy = Buffer.alloc(16 * 256);
let entropyUsed = entropy.length;

function sixteenRandomBytes(): Buffer {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  const bytes = Buffer.from(entropy.subarray(entropyUsed, entropyUsed + 16));
  entropyUsed += 16;
  return bytes;
}

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time,
 * which keeps primary-key indexes append-mostly and gives cursor pagination a natural order.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = sixteenRandomBytes();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`
    + hex.slice(20);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
