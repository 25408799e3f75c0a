import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editDistance } from '../src/check/closest.ts';
import { parseExposition, type Exposition } from '../src/check/exposition.ts';
import { formatFinding } from '../src/check/finding.ts';
import { RuleCheckError } from '../src/check/rule-check-error.ts';
import { checkRuleFiles } from '../src/check/static-check.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/check-static');

async function fixtureExpositions(): Promise<Map<string, Exposition>> {
  const byService = new Map<string, Exposition>();
  for (const service of ['api', 'worker']) {
    byService.set(service,
      parseExposition(await readFile(join(FIXTURES, `${service}.prom`), 'utf8')));
  }
  return byService;
}

/** A rule file of one group `g` holding `rules` (YAML list items), written to a temp dir. */
async function withRuleFile<T>(rules: string, run: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'rule-check-'));
  try {
    const file = join(dir, 'fixture.rules.yml');
    await writeFile(file, `groups:\n  - name: g\n    rules:\n${rules}`);
    return await run(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The check's findings for one rule file, as the one-line messages it prints. */
async function findings(rules: string): Promise<string[]> {
  return await withRuleFile(rules, async (file) => {
    const summary = await checkRuleFiles([file], await fixtureExpositions());
    return summary.findings.map((finding) => formatFinding(finding).replace(file, 'FILE'));
  });
}

const alert = (name: string, expr: string) =>
  `      - alert: ${name}\n        expr: '${expr.replaceAll("'", "''")}'\n`;
const record = (name: string, expr: string, labels = '') =>
  `      - record: ${name}\n        expr: '${expr}'\n${labels === '' ? ''
    : `        labels: { ${labels} }\n`}`;

test('rules naming only exposed metrics, labels and values pass', async () => {
  assert.deepEqual(await findings(
    record('slo:sli_error:ratio_rate5m',
      'sum(rate(harborhook_publish_requests_total{outcome="server_error"}[5m]))'
      + ' / sum(rate(harborhook_publish_requests_total[5m]))', 'slo: ingest, window: 5m')
    + alert('HarborhookIngestBurn', 'slo:sli_error:ratio_rate5m{slo="ingest",window="5m"} > 0.1')
    + alert('HarborhookSlowPublishes',
      'sum(rate(harborhook_publish_duration_seconds_bucket{le="0.25",outcome="accepted"}[5m]))'
      + ' / sum(rate(harborhook_publish_duration_seconds_count[5m])) < 0.9')
    + alert('HarborhookDeadLetters', 'sum by (error_class) (increase('
      + 'harborhook_delivery_attempts_total{outcome=~"dead|gone",error_class!="nope",'
      + 'job="harborhook-worker",instance=~".*"}[10m])) > 0')
    + alert('HarborhookTargetDown',
      'up{job=~"harborhook-.*"} == 0 or absent(up{job="harborhook-api"})')
    + alert('HarborhookAlertsSeen',
      'ALERTS{alertname="HarborhookTargetDown",alertstate="firing"}')),
  []);
});

test('a metric nobody exposes or records fails naming file, group, rule, metric and closest',
  async () => {
    assert.deepEqual(await findings(alert('HarborhookAttempts',
      'rate(harborhook_delivery_attempt_total[5m]) > 0')), [
      'RULES_ERR_UNKNOWN_METRIC FILE:5 group "g" alert HarborhookAttempts: metric '
        + 'harborhook_delivery_attempt_total is not exposed by any service nor recorded by any '
        + 'rule (closest: harborhook_delivery_attempts_total)',
    ]);
  });

test('a histogram is known by its _bucket, _sum and _count series, not its family name',
  async () => {
    const [finding] = await findings(alert('HarborhookSlow',
      'harborhook_publish_duration_seconds > 1'));
    assert.match(finding ?? '',
      /^RULES_ERR_UNKNOWN_METRIC .*metric harborhook_publish_duration_seconds is not/);
    assert.match(finding ?? '', /closest: harborhook_publish_duration_seconds_(sum|count)\)/);
  });

test('a label the metric does not carry fails, whatever the operator', async () => {
  assert.deepEqual(await findings(
    alert('HarborhookA', 'harborhook_delivery_attempts_total{error_clas="http_5xx"} > 0')
    + alert('HarborhookB', 'harborhook_delivery_attempts_total{status!="x"} > 0')), [
    'RULES_ERR_UNKNOWN_LABEL FILE:5 group "g" alert HarborhookA: metric '
      + 'harborhook_delivery_attempts_total has no label error_clas (its labels: error_class, '
      + 'instance, job, outcome, service) (closest: error_class)',
    'RULES_ERR_UNKNOWN_LABEL FILE:7 group "g" alert HarborhookB: metric '
      + 'harborhook_delivery_attempts_total has no label status (its labels: error_class, '
      + 'instance, job, outcome, service) (closest: instance)',
  ]);
});

test('a metric declared without any sample has only the scrape labels, and says so',
  async () => {
    const [finding] = await findings(alert('HarborhookReplays',
      'increase(harborhook_replays_total{kind="bulk"}[1h]) > 0'));
    assert.match(finding ?? '', /^RULES_ERR_UNKNOWN_LABEL .*no label kind .*initialised at 0/);
  });

test('an = value never seen fails with the values seen; != and !~ only need the label',
  async () => {
    assert.deepEqual(await findings(
      alert('HarborhookA', 'harborhook_delivery_attempts_total{outcome="deliverd"} > 0')
      + alert('HarborhookB', 'harborhook_delivery_attempts_total{outcome!="x",outcome!~"y"} > 0')
      + alert('HarborhookC', 'harborhook_publish_requests_total{job="harborhook-worker"} > 0')), [
      'RULES_ERR_UNKNOWN_LABEL_VALUE FILE:5 group "g" alert HarborhookA: metric '
        + 'harborhook_delivery_attempts_total label outcome: value "deliverd" was never seen on '
        + 'it (seen: dead, delivered, retry) (closest: delivered)',
      'RULES_ERR_UNKNOWN_LABEL_VALUE FILE:9 group "g" alert HarborhookC: metric '
        + 'harborhook_publish_requests_total label job: value "harborhook-worker" was never seen '
        + 'on it (seen: harborhook-api) (closest: harborhook-api)',
    ]);
  });

test('a regex matching none of the values seen fails, and so does one that does not compile',
  async () => {
    assert.deepEqual(await findings(
      alert('HarborhookA', 'harborhook_delivery_attempts_total{error_class=~"http_4.*"} > 0')
      + alert('HarborhookB', 'harborhook_delivery_attempts_total{error_class!~"(http"} > 0')), [
      'RULES_ERR_REGEX_MATCHES_NOTHING FILE:5 group "g" alert HarborhookA: metric '
        + 'harborhook_delivery_attempts_total label error_class: regex "http_4.*" matches none of '
        + 'the values seen (http_5xx, none)',
      'RULES_ERR_BAD_REGEX FILE:7 group "g" alert HarborhookB: metric '
        + 'harborhook_delivery_attempts_total label error_class: regex "(http" does not compile',
    ]);
  });

test('a recorded metric has the labels its expression keeps plus the rule\'s own', async () => {
  const recording = record('job:attempts:rate5m',
    'sum by (outcome, job) (rate(harborhook_delivery_attempts_total[5m]))', 'window: 5m');
  assert.deepEqual(await findings(recording + alert('HarborhookOk',
    'job:attempts:rate5m{outcome="dead",job="harborhook-worker",window="5m"} > 0')), []);
  assert.deepEqual(await findings(recording
    + alert('HarborhookA', 'job:attempts:rate5m{error_class="http_5xx"} > 0')
    + alert('HarborhookB', 'job:attempts:rate5m{window="1h"} > 0')), [
    'RULES_ERR_UNKNOWN_LABEL FILE:8 group "g" alert HarborhookA: metric job:attempts:rate5m '
      + 'has no label error_class (its labels: job, outcome, window) (closest: outcome)',
    'RULES_ERR_UNKNOWN_LABEL_VALUE FILE:10 group "g" alert HarborhookB: metric '
      + 'job:attempts:rate5m label window: value "1h" was never seen on it (seen: 5m) '
      + '(closest: 5m)',
  ]);
});

test('a recording rule reading a misspelt metric is named by its record name', async () => {
  assert.deepEqual(await findings(record('job:pool:max',
    'max by (state) (harborhook_db_pool_conections)')), [
    'RULES_ERR_UNKNOWN_METRIC FILE:5 group "g" record job:pool:max: metric '
      + 'harborhook_db_pool_conections is not exposed by any service nor recorded by any rule '
      + '(closest: harborhook_db_pool_connections)',
  ]);
});

test('an expression that is not PromQL fails with where the parser stopped', async () => {
  assert.deepEqual(await findings(alert('HarborhookBroken',
    'sum(rate(harborhook_delivery_attempts_total[5m]) > 0')), [
    'RULES_ERR_PROMQL_SYNTAX FILE:5 group "g" alert HarborhookBroken: expression does not parse '
      + 'as PromQL at offset 52 (near "empts_total[5m]) > 0")',
  ]);
});

test('a file that is not YAML, or not a rule file, fails with RULES_ERR_RULE_FILE', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rule-check-'));
  try {
    const files = { 'bad.rules.yml': 'groups:\n  - name: g\n    rules: [\n',
      'shape.rules.yml': 'rules:\n  - alert: X\n',
      'rule.rules.yml': 'groups:\n  - name: g\n    rules:\n      - alert: X\n' };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const summary = await checkRuleFiles(Object.keys(files).map((name) => join(dir, name)),
      await fixtureExpositions());
    const lines = summary.findings.map((f) => formatFinding(f).replace(`${dir}/`, ''));
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^RULES_ERR_RULE_FILE bad\.rules\.yml:\d+: not valid YAML: /);
    assert.equal(lines[1], 'RULES_ERR_RULE_FILE shape.rules.yml: no `groups:` list '
      + '(not a Prometheus rule file)');
    assert.equal(lines[2], 'RULES_ERR_RULE_FILE rule.rules.yml:4 group "g" alert X: a rule '
      + 'needs exactly one of `alert`/`record`, and an `expr`');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('checking no rule file at all is an error, not a pass', async () => {
  await assert.rejects(checkRuleFiles([], await fixtureExpositions()),
    (err) => err instanceof RuleCheckError && err.code === 'RULES_ERR_NO_RULE_FILES');
});

test('the exposition parser reads labels with escapes, OpenMetrics counters and exemplars',
  () => {
    const exposition = parseExposition([
      '# TYPE a counter',
      'a_total{path="x\\"y\\\\z",le="1"} 1 # {trace_id="abc"} 1 1700000000',
      'b{} 2 1700000000',
      '# EOF',
    ].join('\n'));
    assert.deepEqual([...exposition.keys()].sort(), ['a_total', 'b']);
    assert.deepEqual([...exposition.get('a_total')?.labels.get('path')?.values ?? []], ['x"y\\z']);
    assert.throws(() => parseExposition('not a sample line at all here'),
      (err) => err instanceof RuleCheckError && err.code === 'RULES_ERR_EXPOSITION');
  });

test('edit distance counts insertions, deletions and substitutions', () => {
  assert.equal(editDistance('harborhook_deliveries_due', 'harborhook_deliveries_due'), 0);
  assert.equal(editDistance('attempt_total', 'attempts_total'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});
