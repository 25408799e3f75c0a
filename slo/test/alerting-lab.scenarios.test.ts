import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAlertingLab, type AlertingLab } from '../src/alerting-lab/alerting-lab.ts';
import { alertCoverage } from '../src/alerting-lab/coverage.ts';
import { describeAlert } from '../src/alerting-lab/expected-alert.ts';
import { checkHealthy, HEALTHY_GOOD_RATIO } from '../src/alerting-lab/healthy-check.ts';
import { runbookProblem } from '../src/alerting-lab/runbook-check.ts';
import { runStages, type ScenarioResult } from '../src/alerting-lab/run-scenario.ts';
import { SCENARIO_STAGES } from '../src/alerting-lab/scenarios.ts';
import { loadDefinitions } from '../src/definitions/load-definitions.ts';

/**
 * The dynamic check (docs/alerting-lab.md): one lab for the file, with Prometheus scraping it
 * under load and the lab-profile rules loaded. Healthy load first, then each stage of fault
 * scenarios; every stage waits for its alerts to resolve, so the next starts clean.
 */
let env: AlertingLab;

before(async () => {
  env = await startAlertingLab();
});

after(async () => {
  // Undefined when the start failed; that failure is the one to report.
  await (env as AlertingLab | undefined)?.close();
});

test('healthy load: every target up, every SLI near 100 % good, no alert firing',
  async (t) => {
  const slos = (await loadDefinitions()).map((definition) => definition.name);
  const report = await checkHealthy(env, slos);
  t.diagnostic(`held after ${report.settledAfterSeconds.toFixed(1)} s; first look: `
    + `${report.firstSeen ?? 'healthy'}; pending: [${report.pending.join(', ')}]`);
  assert.equal(report.targetsUp, 2 + env.lab.services.workers.length);
  assert.deepEqual(Object.keys(report.goodBySlo).sort(), [...slos].sort());
  for (const [slo, good] of Object.entries(report.goodBySlo)) {
    assert.ok(good >= HEALTHY_GOOD_RATIO, `${slo}: ${good}`);
  }
});

test('every loaded alert is shown firing by a scenario or listed with its reason', async () => {
  const coverage = alertCoverage(await env.prometheus.api.rules(), SCENARIO_STAGES);
  assert.deepEqual(coverage.uncovered, []);
  assert.deepEqual(coverage.unknown, []);
  assert.ok(coverage.covered.length >= 10, coverage.covered.join(', '));
});

for (const [index, stage] of SCENARIO_STAGES.entries()) {
  const names = stage.map((scenario) => scenario.name).join(', ');
  test(`stage ${index + 1}: ${names}: the expected alerts fire with their runbooks, then `
    + 'resolve', async () => {
    const results = await runStages(env, [stage]);
    for (const result of results) await assertPassed(result);
  });
}

async function assertPassed(result: ScenarioResult): Promise<void> {
  assert.equal(result.error, undefined, result.error?.message);
  for (const outcome of result.outcomes) {
    const alert = `${result.scenario.name}: ${describeAlert(outcome.expected)}`;
    assert.ok(outcome.firingAfterSeconds !== undefined, `${alert} never fired`);
    assert.equal(await runbookProblem(outcome), undefined, alert);
    if (outcome.expected.awaitResolution !== false) {
      assert.ok(outcome.resolvedAfterSeconds !== undefined, `${alert} never resolved`);
    }
  }
}
