import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPayload } from '../src/driver/payload.ts';
import { DeliveryLedger } from '../src/fleet/delivery-ledger.ts';
import { planFleet } from '../src/fleet/fleet-plan.ts';
import { ReceiverFleet } from '../src/fleet/receiver-fleet.ts';
import { validateProfile } from '../src/profile/validate-profile.ts';
import { ArrivalSchedule } from '../src/schedule/arrival-schedule.ts';

const profile = validateProfile({
  name: 'receivers',
  startRate: 10,
  stages: [{ durationSeconds: 1, target: 10 }],
  durationSeconds: 1,
  maxOutstanding: 10,
  payloadBytes: [{ bytes: 128, weight: 1 }],
  tenants: [{ name: 'a', weight: 1 }],
  endpointsPerTenant: 2,
  eventTypes: [{ type: 'order.created', weight: 1, fanOut: 2 }],
  receivers: [{ share: 0.5, behaviour: { kind: 'succeed' } },
    { share: 0.5, behaviour: { kind: 'status', status: 503 } }],
  thresholds: { maxErrorRate: 0, maxLoss: 0 },
}, 'receivers');

async function post(url: string, body: string, webhookId?: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', body,
    headers: webhookId === undefined ? {} : { 'webhook-id': webhookId } });
  await response.arrayBuffer();
  return response.status;
}

test('receivers on their own thread answer as planned, and every arrival they timed is in the '
  + 'ledger once close() returns', async () => {
  const plan = planFleet(profile, 'thread');
  const ledger = new DeliveryLedger(plan, new ArrivalSchedule(profile.startRate, profile.stages));
  const fleet = await ReceiverFleet.start(plan, ledger, 2);
  const sentAt = performance.timeOrigin + performance.now();
  ledger.noteSent(0, 0, 0);
  ledger.noteAccepted(0, 2);
  const statuses = await Promise.all([0, 1].map(async (endpoint) =>
    await post(fleet.urlOf(endpoint), buildPayload(sentAt, 0, 128), 'evt_0')));
  const unreadable = await post(fleet.urlOf(0), 'not a load payload', 'evt_x');
  await fleet.close();
  const byEndpoint = new Map(plan.endpoints.map((e) => [e.index, e.behaviour.kind]));
  assert.deepEqual(statuses, [0, 1].map((i) => byEndpoint.get(i) === 'succeed' ? 200 : 503));
  assert.equal(unreadable, 400);
  const summary = ledger.summary();
  assert.equal(summary.arrivals, 2);
  assert.equal(summary.received, 2);
  assert.equal(summary.delivered, 1);
  assert.equal(summary.unexpected, 1);
  assert.equal(ledger.drained, true);
  const e2e = ledger.e2eOfStage(0).summary();
  assert.ok(e2e.count === 2 && e2e.max >= 0, 'arrivals are timed against the publish');
});
