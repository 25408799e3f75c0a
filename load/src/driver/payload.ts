/**
 * The body of each load event: the intended send time (epoch ms, to the microsecond) and the
 * arrival's sequence number, which the load receivers read to measure end-to-end latency and
 * to match deliveries to publishes, padded to the profile's payload size.
 */
export interface LoadPayload {
  sentAt: number;
  seq: number;
  pad: string;
}

const PAD_CHUNK = 'x'.repeat(1024);

export function buildPayload(sentAt: number, seq: number, bytes: number): string {
  const head = `{"sentAt":${sentAt.toFixed(3)},"seq":${seq},"pad":"`;
  const tail = '"}';
  return head + pad(bytes - head.length - tail.length) + tail;
}

function pad(length: number): string {
  if (length <= 0) return '';
  let text = '';
  while (text.length + PAD_CHUNK.length <= length) text += PAD_CHUNK;
  return text + PAD_CHUNK.slice(0, length - text.length);
}

/** Reads sentAt and seq back; undefined for a body that is not a load payload. */
export function readPayload(body: string): Pick<LoadPayload, 'sentAt' | 'seq'> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { sentAt, seq } = parsed as Record<string, unknown>;
  if (typeof sentAt !== 'number' || !Number.isInteger(seq) || (seq as number) < 0) {
    return undefined;
  }
  return { sentAt, seq: seq as number };
}
