import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import type { RecordedRequest } from '@harborhook/lab/receivers/receiver';
import { chaosPayload } from '../src/run/chaos-load.ts';
import type { RunRecord } from '../src/run/run-record.ts';
import { standardChecks } from '../src/run/standard-checks.ts';

const SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
const START = Date.parse('2026-12-04T12:00:00Z');

function signedRequest(eventId: string, body: string, answeredStatus = 200): RecordedRequest {
  const timestamp = new Date();
  const signature = new Webhook(SECRET).sign(eventId, timestamp, body);
  return { method: 'POST', path: '/hooks/0', body: Buffer.from(body), receivedAt: timestamp,
    answeredStatus, headers: { 'webhook-id': eventId, 'webhook-signature': signature,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)) } };
}

/** Two accepted events to one endpoint, both delivered, each received once. */
function cleanRun(): RunRecord {
  const bodies = [chaosPayload(0, START), chaosPayload(1, START + 50)];
  return {
    experiment: 'synthetic', seed: 1, startedAtMs: START, attemptsByClass: { none: 2 },
    leasesRecovered: { queued: 0, attempting: 0 }, circuitDeferrals: 0,
    phases: { faultStartS: 5, faultEndS: 10, loadEndS: 15, drainTimeoutS: 60, maxRecoveryS: 20 },
    publishes: bodies.map((body, seq) => ({ seq, type: 'chaos.r0', body,
      intendedAtMs: START + seq * 50, status: 202, latencyMs: 5 })),
    endpoints: [{ receiverIndex: 0, endpointId: 'ep-0', secret: SECRET }],
    deliveries: bodies.map((body, seq) => ({ id: `d-${seq}`, eventId: `ev-${seq}`,
      endpointId: 'ep-0', status: 'delivered', attemptCount: 1, payload: Buffer.from(body) })),
    received: bodies.map((body, seq) => ({ receiverIndex: 0,
      request: signedRequest(`ev-${seq}`, body) })),
    drained: true,
    timeline: [],
  };
}

const failedNames = (run: RunRecord, recovery: number | null = 2): string[] =>
  standardChecks(run, 0, recovery).checks.filter((c) => !c.passed).map((c) => c.name);

describe('the standard checks', () => {
  it('pass a clean run and count its figures', () => {
    const { checks, figures } = standardChecks(cleanRun(), 0, 2);
    assert.deepEqual(checks.filter((c) => !c.passed), []);
    assert.deepEqual(figures, { eventsAccepted: 2, deliveriesCreated: 2, delivered: 2, dead: 0,
      lost: 0, duplicates: 0, recoverySeconds: 2 });
  });

  it('count a delivery still waiting after the drain as lost', () => {
    const run = cleanRun();
    run.deliveries[1] = { ...run.deliveries[1]!, status: 'scheduled' };
    assert.deepEqual(failedNames(run), ['no accepted event lost']);
  });

  it('count an accepted event missing from Postgres as lost', () => {
    const run = cleanRun();
    run.deliveries.pop();
    run.received.pop();
    assert.ok(failedNames(run).includes('no accepted event lost'));
  });

  it('refuse a delivery recorded delivered that its receiver never answered 2xx', () => {
    const run = cleanRun();
    run.received[1]!.request.answeredStatus = 500;
    assert.deepEqual(failedNames(run), ['every delivered delivery reached its receiver']);
  });

  it('count a second 2xx copy as a duplicate, and a foreign webhook-id as a failure', () => {
    const run = cleanRun();
    run.received.push({ receiverIndex: 0, request: signedRequest('ev-0', run.publishes[0]!.body) });
    assert.equal(standardChecks(run, 0, 2).figures.duplicates, 1);
    assert.deepEqual(failedNames(run), []);
    run.received.push({ receiverIndex: 0, request: signedRequest('ev-9', run.publishes[0]!.body) });
    assert.deepEqual(failedNames(run), ['duplicates only as redeliveries of the same webhook-id']);
  });

  it('catch a forged signature and an altered body', () => {
    const run = cleanRun();
    run.received[0]!.request.headers['webhook-signature'] = 'v1,AAAA';
    run.received[1]!.request.body = Buffer.from(run.publishes[1]!.body.replace('  ', ' '));
    assert.deepEqual(failedNames(run), ['signatures valid', 'bodies byte-identical']);
  });

  it('fail deaths beyond the allowance and a recovery that never came', () => {
    const run = cleanRun();
    run.deliveries[0] = { ...run.deliveries[0]!, status: 'dead' };
    run.received.shift();
    assert.deepEqual(failedNames(run, null), ['deliveries dead within what the fault explains',
      'recovered within 20 s of the fault\'s end']);
  });
});
