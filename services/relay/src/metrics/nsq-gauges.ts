import { Gauge, type Registry } from 'prom-client';
import type { NsqChannelStats, NsqTopicStats, TopicStatsSource } from '../nsq-stats.ts';

type ChannelCount = Exclude<keyof NsqChannelStats, 'name'>;

const CHANNEL_GAUGES: readonly { name: string; help: string; count: ChannelCount }[] = [
  { name: 'harborhook_nsq_channel_depth_messages', count: 'depth',
    help: 'Messages waiting in the NSQ channel (memory and disk), not yet sent to a consumer' },
  { name: 'harborhook_nsq_channel_in_flight_messages', count: 'inFlight',
    help: 'Messages sent to a consumer of the NSQ channel and not yet finished' },
  { name: 'harborhook_nsq_channel_deferred_messages', count: 'deferred',
    help: 'Messages of the NSQ channel requeued with a delay and waiting for it' },
  { name: 'harborhook_nsq_channel_consumers', count: 'consumers',
    help: 'Consumers connected to the NSQ channel' },
];

/**
 * The relay's topic as nsqd sees it, read from nsqd's /stats at scrape time: one read per
 * scrape serves every gauge. Only the nsqd this relay publishes to is read, so a deployment
 * with several nsqds gets each one's numbers from its own relays. When nsqd does not answer,
 * `harborhook_nsq_stats_up` is 0 and the other gauges have no series in that scrape, rather
 * than repeating the last values as if they were current. The workers' channel
 * (`workersChannel`) is reported at 0 until a worker creates it, so that "no consumers" can be
 * alerted on even when no worker ever subscribed.
 */
export function registerNsqGauges(registry: Registry, source: TopicStatsSource,
  workersChannel: string): void {
  let pending: Promise<NsqTopicStats | undefined> | undefined;
  const read = async () => await (pending ??= source.read()
    .catch(() => undefined)
    .finally(() => { pending = undefined; }));
  const registers = [registry];

  new Gauge({ name: 'harborhook_nsq_stats_up', registers,
    help: '1 when nsqd answered the last read of its stats, 0 when it did not',
    async collect() {
      this.set((await read()) === undefined ? 0 : 1);
    } });
  new Gauge({ name: 'harborhook_nsq_topic_depth_messages', registers,
    help: 'Messages in the NSQ topic (memory and disk) not yet handed to its channels',
    async collect() {
      const stats = await read();
      if (stats === undefined) this.remove({});
      else this.set(stats.depth);
    } });
  for (const { name, help, count } of CHANNEL_GAUGES) {
    new Gauge({ name, help, labelNames: ['channel'], registers,
      async collect() {
        const stats = await read();
        // Channels come and go with their consumers: start each scrape from nothing.
        this.reset();
        for (const channel of stats === undefined ? [] : withChannel(stats, workersChannel)) {
          this.set({ channel: channel.name }, channel[count]);
        }
      } });
  }
}

/** The channels nsqd reported, and `name` at 0 when nsqd has no such channel (yet). */
function withChannel(stats: NsqTopicStats, name: string): NsqChannelStats[] {
  if (stats.channels.some((channel) => channel.name === name)) return stats.channels;
  return [...stats.channels, { name, depth: 0, inFlight: 0, deferred: 0, consumers: 0 }];
}
