import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeliveryLedger } from '../src/fleet/delivery-ledger.ts';
import { planFleet } from '../src/fleet/fleet-plan.ts';
import { validateProfile } from '../src/profile/validate-profile.ts';
import { ArrivalSchedule } from '../src/schedule/arrival-schedule.ts';

const profile = validateProfile({
  name: 'ledger',
  startRate: 10,
  stages: [{ durationSeconds: 1, target: 10 }],
  durationSeconds: 1,
  maxOutstanding: 10,
  payloadBytes: [{ bytes: 128, weight: 1 }],
  tenants: [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }],
  endpointsPerTenant: 3,
  eventTypes: [{ type: 'order.created', weight: 1, fanOut: 2 },
    { type: 'invoice.paid', weight: 1, fanOut: 1 }],
  receivers: [{ share: 1, behaviour: { kind: 'succeed' } }],
  thresholds: { maxErrorRate: 0, maxLoss: 0 },
}, 'ledger');

function setup() {
  const plan = planFleet(profile, 'run1');
  const schedule = new ArrivalSchedule(profile.startRate, profile.stages);
  return { plan, ledger: new DeliveryLedger(plan, schedule) };
}

test('the fleet plan spreads each type over fanOut endpoints of its tenant', () => {
  const { plan } = setup();
  assert.deepEqual(plan.tenants, ['a-run1', 'b-run1']);
  assert.deepEqual(plan.subscribers, [[[0, 1], [2]], [[3, 4], [5]]]);
  assert.deepEqual(plan.endpoints.map((e) => e.eventTypes), [['order.created'],
    ['order.created'], ['invoice.paid'], ['order.created'], ['order.created'], ['invoice.paid']]);
  // Fan-outs that do not cover the endpoints leave some idle, with a filter nothing matches.
  const sparse = planFleet({ ...profile, endpointsPerTenant: 4 }, 'run2');
  assert.deepEqual(sparse.endpoints.slice(0, 4).map((e) => e.eventTypes), [['order.created'],
    ['order.created'], ['invoice.paid'], ['load.idle']]);
});

test('deliveries are matched per endpoint: loss, retries, duplicates and strays', () => {
  const { ledger } = setup();
  ledger.noteSent(0, 0, 0); // tenant a, order.created → endpoints 0 and 1
  ledger.noteSent(1, 1, 1); // tenant b, invoice.paid → endpoint 5
  ledger.noteSent(2, 0, 1); // tenant a, invoice.paid → endpoint 2, never accepted
  // A delivery may arrive before its publish's 202 has been read.
  ledger.recordArrival(0, 0, 1000, 'evt-0', true, 1010);
  ledger.noteAccepted(0, 2);
  ledger.noteAccepted(1, 2); // the api reports another fan-out than planned
  assert.equal(ledger.expected, 3);
  assert.equal(ledger.received, 1);
  assert.equal(ledger.drained, false);

  // Same webhook-id (the event id) at another endpoint is not a duplicate.
  ledger.recordArrival(1, 0, 1000, 'evt-0', false, 1020);
  ledger.recordArrival(1, 0, 1000, 'evt-0', true, 1070); // retry after a failure
  ledger.recordArrival(0, 0, 1000, 'evt-0', true, 1100); // duplicate of a 2xx
  ledger.recordArrival(2, 0, 1000, 'evt-0', true, 1100); // endpoint 2 is not subscribed
  ledger.recordArrival(2, 2, 1000, 'evt-2', true, 1050); // a publish that got no 202
  ledger.recordArrival(0, 99, 1000, 'evt-99', true, 1100); // an event never sent
  assert.equal(ledger.drained, false, 'endpoint 5 still waits for event 1');

  const summary = ledger.summary();
  assert.deepEqual(summary, { expected: 3, arrivals: 5, received: 2, delivered: 2,
    duplicates: 1, retries: 1, loss: 1, unexpected: 2, fanOutMismatches: 1,
    arrivedWithoutAcceptance: 1 });
  assert.equal(ledger.lossOfStage(0), 1);
  // First arrivals after 10, 20 and 50 ms; the 2xx answers after 10, 70 and 50 ms.
  assert.deepEqual([ledger.e2eOfStage(0).summary().max, ledger.deliveredOfStage(0).summary()
    .max], [50, 70]);

  ledger.recordArrival(5, 1, 1000, 'evt-1', true, 1200);
  assert.equal(ledger.drained, true);
  assert.equal(ledger.summary().loss, 0);
});
