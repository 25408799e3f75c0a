/**
 * Reads a response body until it ends or `limit` bytes have arrived, whichever is first, and
 * returns at most `limit` bytes. Leaving the loop early destroys the stream, which drops the
 * connection instead of draining a huge or endless body. A body that fails half-way keeps what
 * arrived: the status line already said what the receiver meant.
 */
export async function readBodyPrefix(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // Keep the prefix read so far.
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** Text fit for a Postgres text column: decoded as UTF-8, without NUL characters. */
export function storableText(bytes: Buffer, maxBytes: number): string {
  return bytes.subarray(0, maxBytes).toString('utf8').replaceAll('\u0000', '');
}
