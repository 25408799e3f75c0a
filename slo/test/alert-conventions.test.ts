import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import {
  alertConventionProblems, kebabCase, unlinkedRunbooks,
} from '../src/rules/alert-conventions.ts';
import { readAlertRules, type AlertRule } from '../src/rules/alert-rules.ts';
import { listRuleFiles } from '../src/rules/rule-files.ts';

/** docs/alerting.md's conventions, on every alert of every rule file and every runbook. */
async function everyAlert(): Promise<AlertRule[]> {
  const alerts: AlertRule[] = [];
  for (const file of await listRuleFiles()) alerts.push(...await readAlertRules(file));
  return alerts;
}

test('every alert has severity, service, a static summary, a templated description and its '
  + 'runbook', async () => {
  const alerts = await everyAlert();
  assert.ok(alerts.some((rule) => rule.file.includes('/alerts/rules/')), 'no hand-written alert');
  const problems = [];
  for (const rule of alerts) problems.push(...await alertConventionProblems(rule, REPO_ROOT));
  assert.deepEqual(problems.map((problem) => problem.message), []);
});

test('every runbook is linked from an alert or from the docs', async () => {
  assert.deepEqual(await unlinkedRunbooks(REPO_ROOT, await everyAlert()), []);
});

test('the convention check names each broken convention with its code', async () => {
  const fixture = join(REPO_ROOT, 'slo', 'test', 'fixtures', 'alert-conventions',
    'broken.rules.yml');
  const found: string[] = [];
  for (const rule of await readAlertRules(fixture)) {
    for (const problem of await alertConventionProblems(rule, REPO_ROOT)) {
      found.push(`${rule.alert} ${problem.code}`);
    }
  }
  assert.deepEqual(found, [
    'BacklogGrowing ALERT_ERR_NAME',
    'BacklogGrowing ALERT_ERR_RUNBOOK',
    'HarborhookBadSeverity ALERT_ERR_SEVERITY',
    'HarborhookBadSeverity ALERT_ERR_RUNBOOK',
    'HarborhookBadService ALERT_ERR_SERVICE',
    'HarborhookBadService ALERT_ERR_RUNBOOK',
    'HarborhookTemplatedSummary ALERT_ERR_SUMMARY',
    'HarborhookTemplatedSummary ALERT_ERR_DESCRIPTION',
    'HarborhookTemplatedSummary ALERT_ERR_RUNBOOK',
    'HarborhookNoSuchRunbook ALERT_ERR_RUNBOOK',
  ]);
});

test('runbook file names are the alert names in kebab case', () => {
  assert.equal(kebabCase('HarborhookNsqDepthHigh'), 'harborhook-nsq-depth-high');
  assert.equal(kebabCase('HarborhookIngestAvailabilityBudgetBurn'),
    'harborhook-ingest-availability-budget-burn');
  assert.equal(kebabCase('HarborhookSLOBurn'), 'harborhook-slo-burn');
});

test('a runbook neither an alert nor a document links is reported', async () => {
  const root = await mkdtemp(join(tmpdir(), 'harborhook-runbooks-'));
  try {
    await mkdir(join(root, 'runbooks'));
    await mkdir(join(root, 'docs'));
    for (const name of ['by-alert', 'by-docs', 'by-readme', 'orphan']) {
      await writeFile(join(root, 'runbooks', `${name}.md`), `# ${name}\n`);
    }
    await writeFile(join(root, 'README.md'), '[x](runbooks/by-readme.md)\n');
    await writeFile(join(root, 'docs', 'ops.md'), '[y](../runbooks/by-docs.md#steps)\n');
    const alert: AlertRule = { file: join(root, 'a.rules.yml'), group: 'g', alert: 'A',
      expr: 'vector(1)', labels: {}, annotations: { runbook_url: 'runbooks/by-alert.md' } };
    assert.deepEqual(await unlinkedRunbooks(root, [alert]), ['runbooks/orphan.md']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
