import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildOptions, buildPayload, plannedArrivals } from '../k6/scenario.js';
import { readPayload } from '../src/driver/payload.ts';
import { PROFILE_NAMES, readProfile } from '../src/profile/read-profile.ts';
import { scaleProfile } from '../src/profile/scale-profile.ts';
import { ArrivalSchedule } from '../src/schedule/arrival-schedule.ts';

const K6_PERCENTILE = /^(p\((50|90|95|99|99\.9)\)|max)<=\d+(\.\d+)?$/;

test('each profile maps to one ramping-arrival-rate scenario with the same stages', async () => {
  for (const name of PROFILE_NAMES) {
    const profile = await readProfile(name);
    const { scenarios } = buildOptions(profile);
    const scenario = scenarios.publish;
    assert.equal(scenario.executor, 'ramping-arrival-rate', name);
    assert.equal(scenario.timeUnit, '1s', name);
    assert.equal(scenario.startRate, profile.startRate, name);
    assert.deepEqual(scenario.stages, profile.stages.map((stage) => ({
      duration: `${stage.durationSeconds * 1000}ms`, target: stage.target })), name);
    assert.equal(scenario.maxVUs, profile.maxOutstanding, name);
    assert.ok(scenario.preAllocatedVUs >= 1 && scenario.preAllocatedVUs <= scenario.maxVUs);
    // k6 and the driver plan the same number of arrivals.
    const schedule = new ArrivalSchedule(profile.startRate, profile.stages);
    assert.ok(Math.abs(plannedArrivals(profile) - schedule.arrivals) <= 1, name);
  }
});

test('thresholds carry the profile limits in k6 syntax', async () => {
  for (const name of PROFILE_NAMES) {
    const profile = await readProfile(name);
    const { thresholds } = buildOptions(profile);
    assert.deepEqual(thresholds.http_req_failed, [`rate<=${profile.thresholds.maxErrorRate}`]);
    assert.deepEqual(thresholds.dropped_iterations, ['count<=0'], `${name} allows no drops`);
    const limits = Object.keys(profile.thresholds.publishLatencyMs);
    assert.equal(thresholds.http_req_duration?.length, limits.length, name);
    for (const expression of thresholds.http_req_duration ?? []) {
      assert.match(expression, K6_PERCENTILE);
    }
  }
  const baseline = buildOptions(await readProfile('baseline'));
  assert.deepEqual(baseline.thresholds.http_req_duration, ['p(50)<=10', 'p(99)<=25']);
});

test('scaled and fractional-rate profiles stay exact: short stages, rates per minute', async () => {
  const soak = await readProfile('soak');
  const short = buildOptions(soak, 0.1).scenarios.publish;
  assert.deepEqual(short.stages.map((stage) => stage.duration), ['6000ms', '174000ms']);
  const slow = buildOptions(scaleProfile(soak, { rate: 0.005 })).scenarios.publish;
  assert.equal(slow.timeUnit, '1m');
  assert.deepEqual(slow.stages.map((stage) => stage.target), [90, 90]);
});

test('k6 publishes the payload the driver reads, from the profile it opens', async () => {
  const body = buildPayload(1_733_000_000_000.5, 42, 300);
  assert.equal(body.length, 300);
  assert.deepEqual(readPayload(body), { sentAt: 1_733_000_000_000.5, seq: 42 });
  const script = await readFile(fileURLToPath(new URL('../k6/publish.js', import.meta.url)),
    'utf8');
  assert.match(script, /JSON\.parse\(open\(__ENV\.PROFILE/);
  assert.match(script, /export const options = buildOptions\(profile/);
  assert.match(script, /from '\.\/scenario\.js'/);
});
