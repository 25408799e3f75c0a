import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { EventPublisher } from '../src/driver/event-publisher.ts';
import { OpenModel } from '../src/driver/open-model.ts';
import { ArrivalSchedule } from '../src/schedule/arrival-schedule.ts';

/** An api stand-in on 127.0.0.1 that holds every request until released, then answers 202. */
async function stallingServer() {
  const held: ServerResponse[] = [];
  let stalled = true;
  const answer = (res: ServerResponse): void => {
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end('{"deliveryCount":0}');
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (stalled ? held.push(res) : answer(res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held,
    release(): void {
      stalled = false;
      for (const res of held.splice(0)) answer(res);
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test('a stalled target: arrivals keep coming on schedule, extra ones are dropped, and latency '
  + 'counts from the intended start', async () => {
  const server = await stallingServer();
  const publisher = new EventPublisher({ apiUrl: server.url, connections: 16,
    requestTimeoutMs: 60_000 });
  try {
    const schedule = new ArrivalSchedule(100, [{ durationSeconds: 3, target: 100 }]);
    const maxOutstanding = 10;
    const latencies = new Map<number, number>();
    const model = new OpenModel({
      schedule,
      maxOutstanding,
      start: async (arrival) => {
        const outcome = await publisher.publish('token', 'load.test', '{}');
        assert.equal(outcome.status, 202);
        latencies.set(arrival.index, performance.now() - arrival.intendedAt);
      },
      onDrop: () => undefined,
    });
    const run = model.run();
    // Nothing has answered, yet the schedule goes on: each further arrival is dropped.
    await waitFor(() => model.dropped >= 20, { what: '20 dropped arrivals' });
    await waitFor(() => server.held.length === maxOutstanding, { what: 'the held requests' });
    assert.equal(model.outstanding, maxOutstanding);
    assert.equal(latencies.size, 0);
    server.release();
    await run;

    assert.equal(model.scheduled, schedule.arrivals, 'every arrival was sent or dropped');
    assert.equal(latencies.size + model.dropped, schedule.arrivals);
    // The release came after the 20th drop, i.e. after arrival 29's intended start: each held
    // request waited at least from its own intended start until then, stall included.
    const releasedNoEarlierThan = schedule.offsetMs(maxOutstanding + 19);
    for (let index = 0; index < maxOutstanding; index += 1) {
      const latency = latencies.get(index);
      assert.ok(latency !== undefined && latency >= releasedNoEarlierThan
        - schedule.offsetMs(index), `arrival ${index} waited ${latency} ms`);
    }
  } finally {
    await publisher.close();
    await server.close();
  }
});

test('an open model with a responsive target drops nothing and sends every arrival', async () => {
  const server = await stallingServer();
  server.release();
  const publisher = new EventPublisher({ apiUrl: server.url, connections: 8,
    requestTimeoutMs: 60_000 });
  try {
    const schedule = new ArrivalSchedule(0, [{ durationSeconds: 0.5, target: 200 }]);
    let answered = 0;
    const model = new OpenModel({
      schedule,
      maxOutstanding: 1000,
      start: async () => {
        if ((await publisher.publish('token', 'load.test', '{}')).status === 202) answered += 1;
      },
      onDrop: () => assert.fail('nothing may be dropped'),
    });
    await model.run();
    assert.equal(answered, schedule.arrivals);
    assert.equal(model.outstanding, 0);
  } finally {
    await publisher.close();
    await server.close();
  }
});

test('a stage whose judge says stop ends the run at that stage boundary', async () => {
  const schedule = new ArrivalSchedule(100, [{ durationSeconds: 0.2, target: 100 },
    { durationSeconds: 0.2, target: 100 }, { durationSeconds: 0.2, target: 100 }]);
  const judged: number[] = [];
  const started: number[] = [];
  const model = new OpenModel({
    schedule,
    maxOutstanding: 100,
    start: async (arrival) => { started.push(arrival.stage); },
    onDrop: () => undefined,
    stageEnded: (stage) => {
      judged.push(stage.index);
      return stage.index === 1;
    },
  });
  await model.run();
  assert.deepEqual(judged, [0, 1]);
  assert.equal(model.stoppedAfterStage, 1);
  assert.equal(started.length, (schedule.stages[0]?.arrivals ?? 0)
    + (schedule.stages[1]?.arrivals ?? 0));
  assert.ok(!started.includes(2));
});
