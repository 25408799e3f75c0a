import { it } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtmlReport } from '../src/report/html-report.ts';
import type { ExperimentReport } from '../src/report/report-model.ts';

const report: ExperimentReport = {
  name: 'nsqd-stopped', title: 'nsqd <stopped> for 20 s', hypothesis: ['publishes accepted'],
  seed: 42, startedAt: '2026-12-04T12:00:00.000Z', load: '20 events/s',
  fault: { description: 'nsqd stopped', startS: 10, endS: 30 },
  timeline: [1, 2, 3].map((t) => ({ t, publishRate: 20, publishErrors: 0, deliveryRate: 19,
    publishP50Ms: 4, publishP99Ms: 9, endToEndP50Ms: 30, endToEndP99Ms: 70, pending: t,
    oldestDueAgeS: t === 2 ? null : 0.1, nsqChannelDepth: t === 2 ? null : 3 })),
  checks: [{ name: 'no accepted event lost', passed: true, detail: '60 accepted' },
    { name: 'signatures valid', passed: false, detail: '1 of 60 failed' }],
  figures: { eventsAccepted: 60, deliveriesCreated: 72, delivered: 72, dead: 0, lost: 0,
    duplicates: 1, recoverySeconds: 4 },
  passed: false,
};

it('renders one self-contained page: verdict, five plots with the fault shaded, checks', () => {
  const html = renderHtmlReport(report);
  assert.match(html, /<title>nsqd-stopped: failed<\/title>/);
  assert.equal(html.match(/<svg /g)?.length, 5);
  assert.equal(html.match(/class="fault"/g)?.length, 5);
  assert.doesNotMatch(html, /NaN/, 'an unscraped second is a gap, not a NaN point');
  assert.match(html, /<td class="fail">FAIL<\/td><td>signatures valid<\/td><td>1 of 60 failed/);
  assert.match(html, /nsqd &lt;stopped&gt; for 20 s/, 'text is escaped');
  assert.doesNotMatch(html, /<script|https?:\/\//, 'nothing to fetch, nothing to run');
  assert.match(html, /4\.0 s/);
});

it('rounds axis steps to 1, 2, 2.5 or 5 times a power of ten', async () => {
  const { niceAxis, niceCeiling } = await import('../src/report/svg-chart.ts');
  assert.deepEqual([0, 0.3, 1, 7, 23, 27, 116, 15_000, 15_001].map(niceCeiling),
    [1, 0.5, 1, 10, 25, 50, 200, 20_000, 20_000]);
  assert.deepEqual(niceAxis(27, 6), { step: 5, end: 30 }, 'a 27 s run: ticks every 5 s to 30');
  assert.deepEqual(niceAxis(116, 4), { step: 50, end: 150 });
  assert.deepEqual(niceAxis(0.4, 4), { step: 0.1, end: 0.4 });
});

it('labels ticks without trailing zeros', async () => {
  const { tick } = await import('../src/report/svg-chart.ts');
  assert.deepEqual([0, 0.25, 0.30000000000000004, 12.5, 20, 2500, 5000, 15_000].map(tick),
    ['0', '0.25', '0.3', '12.5', '20', '2.5k', '5k', '15k']);
});
