import assert from 'node:assert/strict';
import { glob, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { readAlertRules } from '../src/rules/alert-rules.ts';
import { runPromtool } from '../src/rules/promtool.ts';
import { listRuleFiles } from '../src/rules/rule-files.ts';

/**
 * promtool 2.42 on every rule file and every alert unit test, failing with promtool's own
 * output; and a check that the unit tests cover each hand-written alert both ways.
 */
const FIXTURES = join(REPO_ROOT, 'slo', 'test', 'fixtures', 'promtool');

async function repoFiles(pattern: string): Promise<string[]> {
  const files: string[] = [];
  for await (const file of glob(pattern, { cwd: REPO_ROOT })) files.push(join(REPO_ROOT, file));
  return files.sort();
}

const unitTests = await repoFiles('alerts/tests/*.test.yml');
const handWrittenRuleFiles = await repoFiles('alerts/rules/*.rules.yml');

test('promtool check rules accepts every rule file, duplicate rules included as errors',
  async () => {
    const files = await listRuleFiles();
    for (const file of handWrittenRuleFiles) assert.ok(files.includes(file), file);
    const result = await runPromtool(['check', 'rules', '--lint=duplicate-rules',
      '--lint-fatal', ...files]);
    assert.equal(result.exitCode, 0, result.output);
  });

test('promtool check rules refuses a broken expression', async () => {
  const result = await runPromtool(['check', 'rules',
    join(FIXTURES, 'broken-expression.rules.yml')]);
  assert.notEqual(result.exitCode, 0);
  assert.match(result.output, /HarborhookBroken|unclosed|parse error/i, result.output);
});

for (const file of unitTests) {
  test(`promtool test rules passes ${relative(REPO_ROOT, file)}`, async () => {
    const result = await runPromtool(['test', 'rules', file]);
    assert.equal(result.exitCode, 0, result.output);
  });
}

test('promtool test rules fails an alert expected one evaluation before its for ends',
  async () => {
    const result = await runPromtool(['test', 'rules', join(FIXTURES, 'fires-too-early.test.yml')]);
    assert.notEqual(result.exitCode, 0, result.output);
    assert.match(result.output, /HarborhookOldestDueDeliveryTooOld/);
  });

interface UnitTestGroup {
  name?: string;
  interval?: string;
  alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
}

test('every test group sets interval, and every hand-written alert has a firing and a silent '
  + 'case', async () => {
  const firing = new Set<string>();
  const silent = new Set<string>();
  const problems: string[] = [];
  for (const file of unitTests) {
    const document = parse(await readFile(file, 'utf8')) as { tests?: UnitTestGroup[] };
    for (const group of document.tests ?? []) {
      // promtool 2.42 has no default interval: without one, every sample lands at time 0.
      if (group.interval === undefined) {
        problems.push(`${relative(REPO_ROOT, file)}: "${group.name}" sets no interval`);
      }
      for (const { alertname, exp_alerts: expected } of group.alert_rule_test ?? []) {
        (expected === undefined || expected.length === 0 ? silent : firing).add(alertname);
      }
    }
  }
  for (const file of handWrittenRuleFiles) {
    for (const { alert } of await readAlertRules(file)) {
      if (!firing.has(alert)) problems.push(`${alert}: no unit test shows it firing`);
      if (!silent.has(alert)) problems.push(`${alert}: no unit test shows it silent`);
    }
  }
  assert.deepEqual([...new Set(problems)], []);
});
