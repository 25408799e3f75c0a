import type { EnvReader } from '@harborhook/shared/config/env-reader';
import { BATCH_MAX_ITEMS } from '../schemas/batch.ts';

/** How the api protects itself from too much, too big or too slow input. */
export interface LimitsConfig {
  /** Publish tokens per tenant per second, in this process; 0 disables the limit. */
  publishRatePerSecond: number;
  /** Most publishes (batch items count one each) a tenant may make at once. */
  publishBurst: number;
  /** Largest request line plus headers, in bytes (node's maxHeaderSize). */
  maxHeaderBytes: number;
  /** Most header fields in one request. */
  maxHeadersCount: number;
  /** How long the headers of a request may take to arrive. */
  headersTimeoutMs: number;
  /** How long a whole request, body included, may take to arrive. */
  requestTimeoutMs: number;
  /** Mean event loop delay above which requests are answered 503; 0 disables. */
  overloadMaxEventLoopDelayMs: number;
  /** Heap in use above which requests are answered 503; 0 disables. */
  overloadMaxHeapBytes: number;
  /** Resident memory above which requests are answered 503; 0 disables. */
  overloadMaxRssBytes: number;
  /** How often the event loop delay and memory are sampled. */
  overloadSampleIntervalMs: number;
  /** The Retry-After of an overload answer, in seconds. */
  overloadRetryAfterSeconds: number;
}

const GIB = 1024 * 1024 * 1024;

export function readLimitsConfig(reader: EnvReader): LimitsConfig {
  const publishRatePerSecond = reader.number('PUBLISH_RATE_LIMIT_PER_SECOND', 1000, 0, 1_000_000);
  const publishBurst = reader.int('PUBLISH_RATE_LIMIT_BURST', 2000, 1, 10_000_000);
  // A full batch takes one token per item and is refused whole when they are not all there.
  if (publishRatePerSecond > 0 && publishBurst < BATCH_MAX_ITEMS) {
    reader.problem(`PUBLISH_RATE_LIMIT_BURST must be at least ${BATCH_MAX_ITEMS} (a full batch) `
      + `while PUBLISH_RATE_LIMIT_PER_SECOND is not 0, got ${publishBurst}`);
  }
  const headersTimeoutMs = reader.durationMs('API_HEADERS_TIMEOUT', 20_000, 1_000, 600_000);
  const requestTimeoutMs = reader.durationMs('API_REQUEST_TIMEOUT', 60_000, 1_000, 3_600_000);
  // The headers are part of the request; node refuses this pair in createServer options too.
  if (headersTimeoutMs > requestTimeoutMs) {
    reader.problem('API_HEADERS_TIMEOUT must not exceed API_REQUEST_TIMEOUT');
  }
  return {
    publishRatePerSecond,
    publishBurst,
    maxHeaderBytes: reader.int('API_MAX_HEADER_BYTES', 16_384, 1_024, 1_048_576),
    maxHeadersCount: reader.int('API_MAX_HEADERS_COUNT', 100, 10, 2_000),
    headersTimeoutMs,
    requestTimeoutMs,
    overloadMaxEventLoopDelayMs: reader.durationMs('API_OVERLOAD_MAX_EVENT_LOOP_DELAY', 1_000,
      0, 60_000),
    overloadMaxHeapBytes: reader.int('API_OVERLOAD_MAX_HEAP_BYTES', 0, 0, 64 * GIB),
    overloadMaxRssBytes: reader.int('API_OVERLOAD_MAX_RSS_BYTES', 0, 0, 256 * GIB),
    overloadSampleIntervalMs: reader.durationMs('API_OVERLOAD_SAMPLE_INTERVAL', 1_000, 10,
      60_000),
    overloadRetryAfterSeconds: Math.ceil(reader.durationMs('API_OVERLOAD_RETRY_AFTER', 10_000,
      1_000, 3_600_000) / 1000),
  };
}
