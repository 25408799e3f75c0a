import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TimelinePoint } from '../src/report/report-model.ts';
import { planPhases } from '../src/run/phases.ts';
import { recoverySeconds, steadyBacklog } from '../src/run/recovery.ts';

const phases = { faultStartS: 5, faultEndS: 10, loadEndS: 15, drainTimeoutS: 60,
  maxRecoveryS: 20 };

function timeline(pending: number[]): TimelinePoint[] {
  return pending.map((value, i) => ({ t: i + 1, pending: value, publishRate: 20,
    publishErrors: 0, deliveryRate: 20, publishP50Ms: 5, publishP99Ms: 9, endToEndP50Ms: 30,
    endToEndP99Ms: 60, oldestDueAgeS: 0, nsqChannelDepth: 0 }));
}

describe('recovery time', () => {
  it('is the time from the fault\'s end until the backlog stays at its steady level', () => {
    //                     1  2  3  4  5  6   7   8   9   10  11  12 13 14 15 16
    const points = timeline([9, 4, 4, 6, 5, 40, 80, 90, 99, 120, 60, 20, 8, 7, 6, 5]);
    assert.equal(steadyBacklog(points, phases), 14);
    assert.equal(recoverySeconds(points, phases), 3);
  });

  it('is 0 when the fault never raised the backlog', () => {
    assert.equal(recoverySeconds(timeline(Array(16).fill(4)), phases), 0);
  });

  it('is null when the backlog never comes back', () => {
    const points = timeline([4, 4, 4, 4, 4, 50, 60, 70, 80, 90, 95, 99, 99, 99, 99, 99]);
    assert.equal(recoverySeconds(points, phases), null);
  });

  it('needs three steady seconds in a row, not one dip', () => {
    const points = timeline([4, 4, 4, 4, 4, 50, 60, 70, 80, 90, 3, 50, 60, 8, 7, 6]);
    assert.equal(recoverySeconds(points, phases), 4);
  });
});

describe('phases', () => {
  it('a quick run halves the fault, keeps it at least 4 s, and keeps the recovery limit', () => {
    assert.deepEqual(planPhases(20, 30, 'quick'),
      { faultStartS: 5, faultEndS: 15, loadEndS: 23, drainTimeoutS: 60, maxRecoveryS: 30 });
    assert.equal(planPhases(5, 30, 'quick').faultEndS - planPhases(5, 30, 'quick').faultStartS, 4);
    assert.deepEqual(planPhases(20, 30, 'full'),
      { faultStartS: 10, faultEndS: 30, loadEndS: 45, drainTimeoutS: 60, maxRecoveryS: 30 });
  });
});
