import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { Reader, type Message } from 'nsqjs';
import pg from 'pg';
import { Nsqd } from '@harborhook/lab/env/nsqd';
import { startPlatform } from '@harborhook/lab/platform/platform';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { insertDeliveries, insertEndpoint } from '@harborhook/lab/testing/delivery-fixtures';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { scrape, type Sample } from '@harborhook/lab/testing/scrape';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { readRelayConfig } from '../src/config.ts';
import { startRelay, type Relay } from '../src/relay.ts';

let nsqd: Nsqd;
before(async () => { nsqd = await Nsqd.start(); });
after(async () => { await nsqd.close(); });

const CHANNEL = 'workers';

/**
 * A relay on its own database and topic, with `count` deliveries due for it to publish. The
 * `channels` exist before it publishes: nsqd copies a topic's messages only to the channels
 * it has at that moment, so a channel created after the first publish would miss them.
 */
async function relayWithDueDeliveries(t: TestContext, count: number,
  channels: readonly string[] = []): Promise<{ relay: Relay; topic: string }> {
  const databaseUrl = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const topic = `gauges_${Math.random().toString(36).slice(2, 10)}`;
  if (channels.length > 0) await nsqdPost(`/topic/create?topic=${topic}`);
  for (const channel of channels) {
    await nsqdPost(`/channel/create?topic=${topic}&channel=${channel}`);
  }
  await insertDeliveries(pool, await insertEndpoint(pool, { url: 'http://127.0.0.1:9/x' }), count);
  await pool.end();
  const relay = await startRelay(readRelayConfig({ DATABASE_URL: databaseUrl, NSQ_TOPIC: topic,
    NSQ_CHANNEL: CHANNEL, NSQD_TCP_ADDRESS: nsqd.tcpAddress, NSQD_HTTP_ADDRESS: nsqd.httpAddress,
    RELAY_POLL_INTERVAL: '10ms', METRICS_PORT: '0' }), { logger: capturingLogger('relay').logger });
  t.after(() => relay.stop());
  return { relay, topic };
}

interface NsqView {
  up: number | undefined;
  topicDepth: number | undefined;
  channels: Record<string, Record<string, number>>;
}

/** What one scrape of the relay says about nsqd; absent series stay absent. */
function nsqView(samples: readonly Sample[]): NsqView {
  const one = (name: string) => samples.find((s) => s.name === name)?.value;
  const view: NsqView = { up: one('harborhook_nsq_stats_up'),
    topicDepth: one('harborhook_nsq_topic_depth_messages'), channels: {} };
  const prefix = 'harborhook_nsq_channel_';
  for (const sample of samples.filter((s) => s.name.startsWith(prefix))) {
    const channel = sample.labels.channel ?? '';
    (view.channels[channel] ??= {})[sample.name.slice(prefix.length)] = sample.value;
  }
  return view;
}

async function expectView(relay: Relay, expected: NsqView, what: string): Promise<void> {
  await waitFor(async () => {
    assert.deepEqual(nsqView(await scrape(`${relay.metricsUrl}/metrics`)), expected);
    return true;
  }, { what, timeoutMs: 15_000 });
}

async function nsqdPost(path: string): Promise<void> {
  const response = await fetch(`http://${nsqd.httpAddress}${path}`, { method: 'POST' });
  assert.equal(response.status, 200, await response.text());
}

function channelView(depth: number, inFlight: number, deferred: number, consumers: number) {
  return { depth_messages: depth, in_flight_messages: inFlight,
    deferred_messages: deferred, consumers };
}

describe('relay NSQ gauges', () => {
  it('report the topic depth, then a channel\'s depth, in-flight, deferred and consumers',
    async (t) => {
      const { relay, topic } = await relayWithDueDeliveries(t, 6);
      // No channel yet: nsqd keeps the published messages in the topic, and the workers'
      // channel is reported empty and without consumers.
      await expectView(relay, { up: 1, topicDepth: 6,
        channels: { [CHANNEL]: channelView(0, 0, 0, 0) } }, 'six messages in the topic');

      await nsqdPost(`/channel/create?topic=${topic}&channel=${CHANNEL}`);
      await expectView(relay, { up: 1, topicDepth: 0,
        channels: { [CHANNEL]: channelView(6, 0, 0, 0) } }, 'six messages in the channel');

      // A consumer that takes two at a time, defers the first it gets and holds the rest.
      const held: Message[] = [];
      const reader = new Reader(topic, CHANNEL, { nsqdTCPAddresses: [nsqd.tcpAddress],
        maxInFlight: 2, clientId: 'gauges-test' });
      let deferredOne = false;
      reader.on('message', (message: Message) => {
        if (!deferredOne) {
          deferredOne = true;
          message.requeue(60_000, false);
        } else {
          held.push(message);
        }
      });
      reader.on('error', () => undefined);
      t.after(() => reader.close());
      reader.connect();
      await expectView(relay, { up: 1, topicDepth: 0,
        channels: { [CHANNEL]: channelView(3, 2, 1, 1) } },
      'two in flight, one deferred, three waiting, one consumer');

      for (const message of held) message.finish();
      await expectView(relay, { up: 1, topicDepth: 0,
        channels: { [CHANNEL]: channelView(1, 2, 1, 1) } }, 'two finished, two more in flight');
    });

  it('reports nsqd down (stats_up 0) without the other gauges, and up again after a restart',
    async (t) => {
      // Every channel nsqd has is reported, not only the workers' one. Regression: creating
      // them after the relay started raced its first publish, and one channel got nothing.
      const { relay } = await relayWithDueDeliveries(t, 2, [CHANNEL, 'audit']);
      const bothChannels = { [CHANNEL]: channelView(2, 0, 0, 0), audit: channelView(2, 0, 0, 0) };
      await expectView(relay, { up: 1, topicDepth: 0, channels: bothChannels },
        'two messages in each channel');

      await nsqd.stop();
      await expectView(relay, { up: 0, topicDepth: undefined, channels: {} },
        'only stats_up, at 0, while nsqd is down');
      await nsqd.resume();
      // A graceful stop kept the messages on disk; nsqd counts them again after the restart.
      await expectView(relay, { up: 1, topicDepth: 0, channels: bothChannels },
        'nsqd answering again');
    });

  it('reads nsqd\'s stats over HTTPS, presenting the relay\'s client certificate', async () => {
    // nsqd here refuses plain HTTP and clients without a certificate signed by the lab's CA.
    await using platform = await startPlatform({ tls: true, workers: 1 });
    const relayMetrics = platform.metricsUrls.relay;
    await waitFor(async () => {
      const view = nsqView(await scrape(relayMetrics));
      assert.deepEqual(view, { up: 1, topicDepth: 0,
        channels: { [CHANNEL]: channelView(0, 0, 0, 1) } });
      return true;
    }, { what: 'the worker\'s channel, read over HTTPS', timeoutMs: 15_000 });
  });
});
