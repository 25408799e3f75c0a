import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArrivalSchedule } from '../src/schedule/arrival-schedule.ts';

test('a constant rate spaces arrivals evenly from t = 0', () => {
  const schedule = new ArrivalSchedule(10, [{ durationSeconds: 2, target: 10 }]);
  assert.equal(schedule.arrivals, 20);
  for (let i = 0; i < 20; i += 1) assert.ok(Math.abs(schedule.offsetMs(i) - i * 100) < 1e-6);
});

test('a linear ramp from 0 puts arrival i where the area under the rate reaches i', () => {
  // 0 → 100 events/s over 10 s: arrivals by t = 5t², so 500 arrivals, arrival i at √(i/5) s.
  const schedule = new ArrivalSchedule(0, [{ durationSeconds: 10, target: 100 }]);
  assert.equal(schedule.arrivals, 500);
  for (const i of [0, 1, 5, 125, 320, 499]) {
    assert.ok(Math.abs(schedule.offsetMs(i) - Math.sqrt(i / 5) * 1000) < 1e-6, `arrival ${i}`);
  }
  // Ramping up means the gaps shrink.
  const gap = (i: number): number => schedule.offsetMs(i + 1) - schedule.offsetMs(i);
  assert.ok(gap(10) > gap(100) && gap(100) > gap(400));
});

test('stages follow each other: a ramp down, a plateau and a step keep their arrivals', () => {
  const schedule = new ArrivalSchedule(50, [
    { durationSeconds: 4, target: 10 },  // (50 + 10) / 2 · 4 = 120 arrivals
    { durationSeconds: 3, target: 10 },  // 30
    { durationSeconds: 0.5, target: 210 }, // (10 + 210) / 2 · 0.5 = 55
  ]);
  assert.deepEqual(schedule.stages.map((s) => [s.firstArrival, s.arrivals, s.startMs]),
    [[0, 120, 0], [120, 30, 4000], [150, 55, 7000]]);
  assert.equal(schedule.arrivals, 205);
  assert.equal(schedule.durationMs, 7500);
  assert.equal(schedule.stageOf(119).index, 0);
  assert.equal(schedule.stageOf(120).index, 1);
  assert.equal(schedule.stageOf(204).index, 2);
  assert.equal(schedule.offsetMs(120), 4000);
  assert.ok(Math.abs(schedule.offsetMs(121) - 4100) < 1e-6);
  // Within the ramp down the gaps grow: 50/s at the start, 10/s at the end.
  assert.ok(schedule.offsetMs(1) - schedule.offsetMs(0) < schedule.offsetMs(119)
    - schedule.offsetMs(118));
  let previous = -1;
  for (let i = 0; i < schedule.arrivals; i += 1) {
    const offset = schedule.offsetMs(i);
    assert.ok(offset > previous && offset < schedule.durationMs, `arrival ${i} at ${offset}`);
    previous = offset;
  }
});

test('a stage at rate 0 has no arrivals and the next stage still starts on time', () => {
  const schedule = new ArrivalSchedule(0, [{ durationSeconds: 5, target: 0 },
    { durationSeconds: 1, target: 0 }, { durationSeconds: 1, target: 20 }]);
  assert.deepEqual(schedule.stages.map((s) => s.arrivals), [0, 0, 10]);
  assert.equal(schedule.stageOf(0).index, 2);
  assert.equal(schedule.offsetMs(0), 6000);
  assert.equal(schedule.rateAt(6500), 10);
  assert.throws(() => schedule.offsetMs(10), RangeError);
});
