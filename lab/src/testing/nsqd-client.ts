/**
 * Talks to a test nsqd over its HTTP API: publish a message by hand (a duplicate, or garbage),
 * and read a channel's counters to see that the workers finished everything.
 */
export interface ChannelStats {
  depth: number;
  inFlight: number;
  deferred: number;
  /** Messages the channel has received in all. */
  messageCount: number;
  requeueCount: number;
  timeoutCount: number;
  clientCount: number;
}

export async function publishRaw(httpAddress: string, topic: string,
  body: string | Buffer): Promise<void> {
  const response = await fetch(`http://${httpAddress}/pub?topic=${encodeURIComponent(topic)}`,
    { method: 'POST', body });
  const text = await response.text();
  if (!response.ok) throw new Error(`nsqd /pub answered ${response.status} ${text}`);
}

interface RawChannel {
  channel_name: string; depth: number; in_flight_count: number; deferred_count: number;
  message_count: number; requeue_count: number; timeout_count: number; client_count: number;
}

export async function topicDepth(httpAddress: string, topic: string): Promise<number> {
  const stats = await rawStats(httpAddress, topic);
  return stats.topics.find((t) => t.topic_name === topic)?.depth ?? 0;
}

export async function channelStats(httpAddress: string, topic: string,
  channel: string): Promise<ChannelStats | undefined> {
  const stats = await rawStats(httpAddress, topic);
  const raw = stats.topics.find((t) => t.topic_name === topic)?.channels
    .find((c) => c.channel_name === channel);
  if (raw === undefined) return undefined;
  return { depth: raw.depth, inFlight: raw.in_flight_count, deferred: raw.deferred_count,
    messageCount: raw.message_count, requeueCount: raw.requeue_count,
    timeoutCount: raw.timeout_count, clientCount: raw.client_count };
}

async function rawStats(httpAddress: string, topic: string): Promise<{
  topics: { topic_name: string; depth: number; channels: RawChannel[] }[] }> {
  const response = await fetch(`http://${httpAddress}/stats?format=json&topic=`
    + encodeURIComponent(topic));
  if (!response.ok) throw new Error(`nsqd /stats answered ${response.status}`);
  return await response.json() as { topics: { topic_name: string; depth: number;
    channels: RawChannel[] }[] };
}
