import type { Pool } from 'undici';
import type { TlsMaterial } from '@harborhook/shared/config/tls-files';
import { createNsqdHttpPool } from './nsqd-http-pool.ts';

// A scrape must not hang on a stuck nsqd: the whole read, connect included, gets this long.
const STATS_TIMEOUT_MS = 2_000;

/** One channel of the topic, as nsqd counts it. */
export interface NsqChannelStats {
  name: string;
  /** Messages waiting in the channel (memory and disk), not yet sent to a consumer. */
  depth: number;
  /** Sent to a consumer and not yet finished, requeued or timed out. */
  inFlight: number;
  /** Requeued with a delay and waiting for it. */
  deferred: number;
  /** Consumers connected to the channel. */
  consumers: number;
}

export interface NsqTopicStats {
  /** Messages in the topic not yet copied to its channels (memory and disk). */
  depth: number;
  channels: NsqChannelStats[];
}

/** nsqd did not answer, answered an error, or answered something that is not its stats. */
export class NsqStatsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NsqStatsError';
  }
}

/** What the gauges need of a stats reader. */
export interface TopicStatsSource {
  read(): Promise<NsqTopicStats>;
}

/**
 * Reads one topic's counters from nsqd's `GET /stats?format=json&topic=...` (nsqd 1.x answers
 * the stats object itself, not wrapped in `data`). It reads only the nsqd this relay publishes
 * to: a deployment with several nsqds gets each one's numbers from the relays that publish to it.
 * Its own connection, so a scrape never waits behind a slow publish.
 */
export class NsqStatsReader implements TopicStatsSource {
  readonly #pool: Pool;
  readonly #topic: string;

  /** With `tls`, `address` is nsqd's HTTPS address and the server certificate is verified. */
  constructor(address: string, topic: string, tls?: TlsMaterial) {
    this.#topic = topic;
    this.#pool = createNsqdHttpPool(address, tls, { connections: 1,
      connectTimeoutMs: STATS_TIMEOUT_MS, answerTimeoutMs: STATS_TIMEOUT_MS });
  }

  /** The topic's counters; a topic nsqd does not have (yet) reads as empty. */
  async read(): Promise<NsqTopicStats> {
    const path = `/stats?format=json&include_clients=false&include_mem=false&topic=${
      encodeURIComponent(this.#topic)}`;
    let status: number;
    let text: string;
    try {
      const response = await this.#pool.request({ path, method: 'GET',
        signal: AbortSignal.timeout(STATS_TIMEOUT_MS) });
      status = response.statusCode;
      text = await response.body.text();
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).name;
      throw new NsqStatsError(`nsqd /stats did not answer (${code})`);
    }
    if (status !== 200) {
      throw new NsqStatsError(`nsqd /stats answered ${status} ${text.slice(0, 200).trim()}`);
    }
    return parseTopicStats(text, this.#topic);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

function parseTopicStats(text: string, topic: string): NsqTopicStats {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new NsqStatsError('nsqd /stats answered something that is not JSON');
  }
  const topics = (body as { topics?: unknown } | null)?.topics;
  if (!Array.isArray(topics)) throw new NsqStatsError('nsqd /stats answered without topics');
  const raw = topics.find((t) => (t as { topic_name?: unknown }).topic_name === topic) as
    Record<string, unknown> | undefined;
  if (raw === undefined) return { depth: 0, channels: [] };
  const channels = raw.channels;
  if (!Array.isArray(channels)) throw new NsqStatsError('nsqd /stats: a topic without channels');
  return {
    depth: count(raw, 'depth'),
    channels: channels.map((c: Record<string, unknown>) => ({
      name: typeof c.channel_name === 'string' ? c.channel_name
        : fail('a channel without channel_name'),
      depth: count(c, 'depth'),
      inFlight: count(c, 'in_flight_count'),
      deferred: count(c, 'deferred_count'),
      consumers: count(c, 'client_count'),
    })),
  };
}

function count(object: Record<string, unknown>, field: string): number {
  const value = object[field];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value
    : fail(`${field} is not a count`);
}

function fail(what: string): never {
  throw new NsqStatsError(`nsqd /stats: ${what}`);
}
