import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { loadDefinitions, parseDefinition } from '../src/definitions/load-definitions.ts';
import type { SloDefinition } from '../src/definitions/slo-definition.ts';
import {
  BURN_RATE_PAIRS, burnFactor, errorRatioThreshold, SLI_WINDOWS,
} from '../src/generate/burn-rate-policy.ts';
import { generateRuleFiles } from '../src/generate/generate-rule-files.ts';
import { LAB_PROFILE, PRODUCTION_PROFILE } from '../src/profile/rule-profile.ts';

const THIRTY_DAYS_MS = 30 * 86_400_000;

interface Rule { record?: string; alert?: string; expr: string; labels?: Record<string, string> }
interface RuleFile { groups: { name: string; rules: Rule[] }[] }

function rulesOf(content: string): Rule[] {
  return (parse(content) as RuleFile).groups.flatMap((group) => group.rules);
}

const VALID = `
name: sample-slo
title: Sample
description: A sample SLO for tests.
service: api
objective: 99.9
sli:
  badEvents: requests that failed
  error: sum(rate(harborhook_publish_requests_total{outcome="server_error"}[{{window}}]))
  valid: sum(rate(harborhook_publish_requests_total[{{window}}]))
`;

function definitionOf(source: string): SloDefinition {
  const result = parseDefinition(source, 'slo/definitions/sample-slo.yaml');
  assert.ok('definition' in result, JSON.stringify(result));
  return result.definition;
}

test('burn factors over 30 days are 14.4, 6, 3 and 1 with the workbook windows', () => {
  assert.deepEqual(BURN_RATE_PAIRS.map((pair) => [pair.severity, pair.long, pair.short,
    burnFactor(pair, THIRTY_DAYS_MS)]), [
    ['page', '1h', '5m', 14.4], ['page', '6h', '30m', 6],
    ['ticket', '1d', '2h', 3], ['ticket', '3d', '6h', 1],
  ]);
  assert.deepEqual([...SLI_WINDOWS], ['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
});

test('every alert threshold is factor x (1 - objective), AND within a pair, OR across pairs',
  () => {
    const definition = definitionOf(VALID);
    const [, alerts] = generateRuleFiles([definition], PRODUCTION_PROFILE);
    const rules = rulesOf(alerts?.content ?? '');
    assert.deepEqual(rules.map((rule) => [rule.alert, rule.labels?.severity]), [
      ['HarborhookSampleSloBudgetBurn', 'page'], ['HarborhookSampleSloBudgetBurn', 'ticket']]);
    for (const rule of rules) {
      const pairs = BURN_RATE_PAIRS.filter((pair) => pair.severity === rule.labels?.severity);
      assert.equal(rule.expr.split('\nor\n').length, pairs.length, rule.expr);
      for (const [index, pair] of pairs.entries()) {
        const threshold = errorRatioThreshold(pair, THIRTY_DAYS_MS, 0.001);
        assert.ok(Math.abs(threshold - burnFactor(pair, THIRTY_DAYS_MS) * 0.001) < 1e-12);
        const block = rule.expr.split('\nor\n')[index] ?? '';
        for (const window of [pair.long, pair.short]) {
          assert.ok(block.includes(`slo:sli_error:ratio_rate${window}{slo="sample-slo"} > `
            + `${threshold})`), `${window} > ${threshold} in\n${block}`);
        }
        assert.match(block, /\)\nand\n {2}max/);
      }
    }
    assert.match(rules[0]?.expr ?? '', /ratio_rate1h\{slo="sample-slo"\} > 0\.0144\)/);
  });

test('error ratios are recorded over every window, guarded against no traffic', () => {
  const [recordings] = generateRuleFiles([definitionOf(VALID)], PRODUCTION_PROFILE);
  const ratios = rulesOf(recordings?.content ?? '')
    .filter((rule) => rule.labels?.window !== undefined && rule.record?.includes('rate'));
  assert.deepEqual(ratios.map((rule) => rule.labels?.window),
    [...SLI_WINDOWS, '30d']);
  const oneHour = ratios.find((rule) => rule.labels?.window === '1h');
  assert.match(oneHour?.expr ?? '', /\[1h\]\)\)\n {2}\) > 0\n\)$/);
  assert.doesNotMatch(oneHour?.expr ?? '', /\{\{window\}\}/);
});

test('a disabled severity is left out; labels reach only their alerts', () => {
  const source = `${VALID}alerting:\n  labels: {team: core}\n  page: {enabled: false}\n`
    + '  ticket: {labels: {channel: tickets}}\n';
  const [, alerts] = generateRuleFiles([definitionOf(source)], PRODUCTION_PROFILE);
  const rules = rulesOf(alerts?.content ?? '');
  assert.deepEqual(rules.map((rule) => rule.labels), [{ team: 'core', channel: 'tickets',
    severity: 'ticket', service: 'api', slo: 'sample-slo' }]);
});

test('the lab profile scales every window by 1/60 with a 5 s floor, names unchanged', () => {
  const [recordings] = generateRuleFiles([definitionOf(VALID)], LAB_PROFILE);
  const rules = rulesOf(recordings?.content ?? '');
  const range = /\[([^\]]+)\]/;
  const rangeOf = (window: string) =>
    range.exec(rules.find((rule) => rule.labels?.window === window)?.expr ?? '')?.[1];
  assert.deepEqual(['5m', '30m', '1h', '1d', '3d', '30d'].map(rangeOf),
    ['5s', '30s', '1m', '24m', '1h12m', '12h']);
  assert.ok(rules.some((rule) => rule.record === 'slo:sli_error:ratio_rate1h'));
  assert.match(recordings?.content ?? '', /Profile lab: every window and step is scaled by 1\/60/);
});

test('invalid definitions name the file, the SLO, the field and a stable code', () => {
  const cases: [string, string, string][] = [
    [VALID.replace('objective: 99.9', 'objective: 100'), 'objective', 'SLO_ERR_OBJECTIVE'],
    [VALID.replace('[{{window}}]))\n  valid', '[5m]))\n  valid'), 'sli.error',
      'SLO_ERR_SLI_PLACEHOLDER'],
    [VALID.replace('sum(rate(harborhook_publish_requests_total[', 'sum(rate(('),
      'sli.valid', 'SLO_ERR_SLI_PROMQL'],
    [VALID.replace('service: api', 'service: billing'), 'service', 'SLO_ERR_SERVICE'],
    [VALID.replace('name: sample-slo', 'name: other-slo'), 'name', 'SLO_ERR_NAME'],
    [`${VALID}window: 1d\n`, 'window', 'SLO_ERR_WINDOW'],
    [`${VALID}owner: me\n`, 'owner', 'SLO_ERR_FIELD_UNKNOWN'],
    [VALID.replace('  badEvents: requests that failed\n', ''), 'sli.badEvents',
      'SLO_ERR_FIELD_MISSING'],
    [`${VALID}  good: sum(rate(x[{{window}}]))\n`, 'sli', 'SLO_ERR_SLI_KIND'],
    [`${VALID}alerting:\n  labels: {severity: low}\n`, 'alerting.labels.severity',
      'SLO_ERR_LABEL'],
    ['name: [unclosed', '(document)', 'SLO_ERR_YAML'],
  ];
  for (const [source, field, code] of cases) {
    const result = parseDefinition(source, 'slo/definitions/sample-slo.yaml');
    assert.ok('problems' in result, `${code} not reported`);
    const problem = result.problems.find((p) => p.code === code);
    assert.ok(problem !== undefined, `${code}: ${JSON.stringify(result.problems)}`);
    assert.equal(problem.field, field);
    assert.equal(problem.file, 'slo/definitions/sample-slo.yaml');
    assert.match(problem.slo, /-slo$/);
  }
});

test('the committed generated files are what the generator writes (not stale)', async () => {
  const files = generateRuleFiles(await loadDefinitions(), PRODUCTION_PROFILE);
  assert.deepEqual(files.map((file) => file.path),
    ['slo/generated/slo-recordings.rules.yml', 'alerts/generated/slo-burn-rate.rules.yml']);
  for (const file of files) {
    const committed = await readFile(join(REPO_ROOT, file.path), 'utf8');
    assert.ok(committed === file.content,
      `${file.path} is stale: run "bin/harborhook slo generate" and commit it`);
    assert.match(committed, /^# .*\n# Generated by `bin\/harborhook slo generate`.*do not edit/);
  }
});

test('the repository defines the five SLOs of issue 7', async () => {
  const definitions = await loadDefinitions();
  assert.deepEqual(definitions.map((d) => [d.name, d.objectivePercent, d.window]), [
    ['backlog-age', 99.5, '30d'], ['delivery-freshness', 99, '30d'],
    ['delivery-success', 99.9, '30d'], ['ingest-availability', 99.9, '30d'],
    ['ingest-latency', 99, '30d'],
  ]);
});
