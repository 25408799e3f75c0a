import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PrometheusRule } from '@harborhook/lab/env/prometheus-api';
import { main } from '../src/commands/alerting-lab.ts';
import { alertCoverage } from '../src/alerting-lab/coverage.ts';
import { NOT_SHOWN_FIRING } from '../src/alerting-lab/not-shown.ts';
import { resultTable } from '../src/alerting-lab/result-table.ts';
import { runbookProblem } from '../src/alerting-lab/runbook-check.ts';
import type { Scenario } from '../src/alerting-lab/scenario.ts';

const noop = async (): Promise<void> => undefined;
const scenario = (name: string, alertnames: string[]): Scenario => ({
  name, fault: `${name} fault`, inject: noop, recover: noop,
  expect: alertnames.map((alertname) => ({ alertname })),
});
const alerting = (name: string): PrometheusRule =>
  ({ type: 'alerting', name, query: 'vector(1)', health: 'ok' });

test('coverage names loaded alerts no scenario shows, and expected alerts no rule defines', () => {
  const notShown = Object.keys(NOT_SHOWN_FIRING)[0] ?? '';
  const rules = [alerting('HarborhookA'), alerting('HarborhookB'), alerting(notShown),
    { type: 'recording', name: 'slo:x', query: 'vector(1)', health: 'ok' } as PrometheusRule];
  const coverage = alertCoverage(rules,
    [[scenario('one', ['HarborhookA', 'HarborhookRenamed'])]]);
  assert.deepEqual(coverage.covered, ['HarborhookA']);
  assert.deepEqual(coverage.uncovered, ['HarborhookB']);
  assert.deepEqual(coverage.unknown, ['HarborhookRenamed']);
  assert.deepEqual(coverage.notShown.map((entry) => entry.alertname), [notShown]);
});

test('the table has one row per expected alert, with seconds or why there are none', () => {
  const table = resultTable([{
    scenario: scenario('relay-stopped', []),
    outcomes: [
      { expected: { alertname: 'HarborhookServiceDown', labels: { job: 'harborhook-relay' } },
        pendingAfterSeconds: 1, firingAfterSeconds: 4.06, resolvedAfterSeconds: 1.94 },
      { expected: { alertname: 'HarborhookX', awaitResolution: false, phase: 'recovery' },
        pendingAfterSeconds: 2 },
    ],
  }]);
  const lines = table.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[2] ?? '',
    /^relay-stopped +HarborhookServiceDown\{job="harborhook-relay"\} +1\.0 s +4\.1 s +1\.9 s$/);
  assert.match(lines[3] ?? '', /HarborhookX \(after recovery\) +2\.0 s +- +not awaited$/);
});

test('a runbook link must be runbooks/<kebab-name>.md and exist', async () => {
  const outcome = (runbookUrl: string | undefined) => ({ runbookUrl,
    expected: { alertname: 'HarborhookRelayStalled' }, pendingAfterSeconds: 1 });
  assert.equal(await runbookProblem(outcome('runbooks/harborhook-relay-stalled.md')),
    undefined);
  assert.match(await runbookProblem(outcome(undefined)) ?? '', /without a runbook_url/);
  assert.match(await runbookProblem(outcome('runbooks/relay.md')) ?? '',
    /expected runbooks\/harborhook-relay-stalled\.md/);
  const missing = { runbookUrl: 'runbooks/harborhook-no-such-alert.md',
    expected: { alertname: 'HarborhookNoSuchAlert' } };
  assert.match(await runbookProblem(missing) ?? '', /does not exist/);
});

test('the command refuses unknown arguments and scenarios with exit 2, before any lab',
  async () => {
  assert.equal(await main(['--bogus']), 2);
  assert.equal(await main(['--only', 'no-such-scenario']), 2);
  assert.equal(await main(['--only']), 2);
  assert.equal(await main(['--help']), 0);
});
