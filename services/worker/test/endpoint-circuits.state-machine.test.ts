import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countsAsOutage, EndpointCircuits } from '../src/endpoint-circuits.ts';

const SETTINGS = { failureThreshold: 3, openMs: 1_000, maxOpenMs: 3_000 };

function failTimes(circuits: EndpointCircuits, endpoint: string, times: number, now: number) {
  for (let i = 0; i < times; i += 1) circuits.record(endpoint, true, now);
}

describe('endpoint circuits', () => {
  it('stay closed below the threshold and open at it, for that endpoint only', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 2, 0);
    assert.deepEqual(circuits.admit('a', 0), { admitted: true, probe: false });
    circuits.record('a', true, 10);
    assert.deepEqual(circuits.admit('a', 10), { admitted: false, retryInMs: 1_000 });
    assert.deepEqual(circuits.admit('b', 10), { admitted: true, probe: false });
    assert.deepEqual(circuits.counts(10), { open: 1, half_open: 0 });
  });

  it('a success resets the count of consecutive failures', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 2, 0);
    circuits.record('a', false, 0);
    failTimes(circuits, 'a', 2, 0);
    assert.deepEqual(circuits.admit('a', 0), { admitted: true, probe: false });
  });

  it('lets one probe through after the opening; others wait while it runs', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 3, 0);
    assert.deepEqual(circuits.counts(1_000), { open: 0, half_open: 1 });
    assert.deepEqual(circuits.admit('a', 1_000), { admitted: true, probe: true });
    assert.deepEqual(circuits.admit('a', 1_001), { admitted: false, retryInMs: 0 });
    circuits.record('a', false, 1_050);
    assert.deepEqual(circuits.admit('a', 1_060), { admitted: true, probe: false });
    assert.deepEqual(circuits.counts(1_060), { open: 0, half_open: 0 });
  });

  it('a failed probe opens the circuit for twice as long, up to the maximum', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 3, 0);
    circuits.admit('a', 1_000);
    circuits.record('a', true, 1_000);
    assert.deepEqual(circuits.admit('a', 1_000), { admitted: false, retryInMs: 2_000 });
    circuits.admit('a', 3_000);
    circuits.record('a', true, 3_000);
    assert.deepEqual(circuits.admit('a', 3_000), { admitted: false, retryInMs: 3_000 });
  });

  it('failures of attempts started before the opening do not lengthen it', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 6, 0);
    assert.deepEqual(circuits.admit('a', 0), { admitted: false, retryInMs: 1_000 });
  });

  it('an abandoned probe lets the next delivery probe', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    failTimes(circuits, 'a', 3, 0);
    circuits.admit('a', 1_000);
    circuits.abandonProbe('a');
    assert.deepEqual(circuits.admit('a', 1_000), { admitted: true, probe: true });
  });

  it('a threshold of 0 turns circuits off', () => {
    const circuits = new EndpointCircuits({ ...SETTINGS, failureThreshold: 0 });
    failTimes(circuits, 'a', 100, 0);
    assert.deepEqual(circuits.admit('a', 0), { admitted: true, probe: false });
  });

  it('counts only outage-class failures: 5xx, 429, timeouts, connection and DNS', () => {
    for (const cls of ['http_5xx', 'http_429', 'timeout', 'connection', 'dns'] as const) {
      assert.equal(countsAsOutage(cls), true, cls);
    }
    for (const cls of ['http_4xx', 'http_3xx', 'ssrf_blocked', 'internal', null] as const) {
      assert.equal(countsAsOutage(cls), false, String(cls));
    }
  });
});

describe('endpoint circuit changes', () => {
  it('reports the opening with its length, and the closing after a successful probe', () => {
    const circuits = new EndpointCircuits(SETTINGS);
    assert.equal(circuits.record('a', true, 0), undefined);
    assert.equal(circuits.record('a', true, 0), undefined);
    assert.deepEqual(circuits.record('a', true, 0),
      { change: 'opened', openMs: 1_000, failures: 3 });
    circuits.admit('a', 1_000);
    assert.deepEqual(circuits.record('a', false, 1_000), { change: 'closed' });
    assert.equal(circuits.record('a', false, 1_000), undefined, 'closed once');
  });
});
