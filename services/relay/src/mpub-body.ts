/**
 * The body of nsqd's `POST /mpub?binary=true`: a 4-byte big-endian message count, then each
 * message as a 4-byte big-endian size followed by its bytes. Binary mode lets a message contain
 * any byte, newlines included.
 */
export function encodeMpubBody(messages: readonly Buffer[]): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(messages.length, 0);
  const parts: Buffer[] = [header];
  for (const message of messages) {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(message.length, 0);
    parts.push(size, message);
  }
  return Buffer.concat(parts);
}
