import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import type { Lab } from '@harborhook/lab/lab/lab';
import { startLab } from '@harborhook/lab/lab/start-lab';
import type { Exposition } from '../src/check/exposition.ts';
import { formatFinding } from '../src/check/finding.ts';
import {
  EXPOSITION_LAB_OPTIONS, exerciseLab, expositionsOf, scrapeLab, type ScrapedTexts,
} from '../src/check/lab-exposition.ts';
import { parseExpression, selectorsOf } from '../src/check/parse-expression.ts';
import { loadRules } from '../src/check/load-rules.ts';
import { listRuleFiles } from '../src/rules/rule-files.ts';
import { checkRuleFiles } from '../src/check/static-check.ts';

// One lab for the whole file: scraped once before any traffic and once after some.
let lab: Lab | undefined;
let fresh: ScrapedTexts;
let exercised: ScrapedTexts;
let workDir: string;

before(async () => {
  lab = await startLab(EXPOSITION_LAB_OPTIONS);
  fresh = await scrapeLab(lab);
  await exerciseLab(lab);
  exercised = await scrapeLab(lab);
  workDir = await mkdtemp(join(tmpdir(), 'rule-check-lab-'));
});

after(async () => {
  await lab?.close();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

const lines = (findings: Parameters<typeof formatFinding>[0][]) => findings.map(formatFinding);

/** The first alert of the committed rules whose expression reads a harborhook_ metric. */
async function firstAlertOnHarborhookMetric(files: string[]):
  Promise<{ file: string; alert: string; metric: string }> {
  const { rules } = await loadRules(files);
  for (const rule of rules) {
    const parsed = parseExpression(rule.expr);
    if (rule.kind !== 'alert' || !parsed.ok) continue;
    const metric = selectorsOf(parsed).map((s) => s.metric)
      .find((name) => name?.startsWith('harborhook_'));
    const file = files.find((f) => f.endsWith(rule.location.file));
    if (metric !== undefined && file !== undefined) return { file, alert: rule.name, metric };
  }
  throw new Error('no committed alert reads a harborhook_ metric');
}

test('every committed rule names only metrics, labels and values the services expose',
  async () => {
    const files = await listRuleFiles();
    assert.ok(files.length > 0, 'there are committed rule files');
    const summary = await checkRuleFiles(files, expositionsOf(exercised));
    assert.deepEqual(lines(summary.findings), []);
    assert.ok(summary.selectors > 0);
  });

test('a metric name broken in a copied rule file fails naming the rule and the metric',
  async () => {
    const files = await listRuleFiles();
    const { file, alert, metric } = await firstAlertOnHarborhookMetric(files);
    const broken = `${metric}_typo`;
    const copies = [];
    for (const original of files) {
      const copy = join(workDir, basename(original));
      await copyFile(original, copy);
      copies.push(copy);
    }
    const target = join(workDir, basename(file));
    const text = await readFile(target, 'utf8');
    // Only the first occurrence: one rule is broken, the others still pass.
    await writeFile(target, text.replace(new RegExp(`\\b${metric}\\b`), broken));
    const summary = await checkRuleFiles(copies, expositionsOf(exercised));
    const unknown = summary.findings.filter((f) => f.code === 'RULES_ERR_UNKNOWN_METRIC');
    assert.equal(unknown.length, 1, lines(summary.findings).join('\n'));
    assert.equal(unknown[0]?.location.rule, `alert ${alert}`);
    assert.match(formatFinding(unknown[0] ?? summary.findings[0]!),
      new RegExp(`alert ${alert}: metric ${broken} is not exposed .* \\(closest: ${metric}\\)`));
  });

test('a metric renamed in a service fails the rules that read the old name', async () => {
  const files = await listRuleFiles();
  const { alert, metric } = await firstAlertOnHarborhookMetric(files);
  // As if the code registered it under another name: the scrape no longer has the old one.
  const renamed: ScrapedTexts = new Map([...exercised].map(([service, pages]) =>
    [service, pages.map((page) => page.replaceAll(metric, `${metric}_renamed`))]));
  const summary = await checkRuleFiles(files, expositionsOf(renamed));
  const messages = lines(summary.findings);
  assert.ok(messages.some((m) => m.startsWith('RULES_ERR_UNKNOWN_METRIC ')
    && m.includes(`alert ${alert}: metric ${metric} is not exposed`)), messages.join('\n'));
});

test('the label values exposed do not depend on the traffic the services have seen', () => {
  const labelsOf = (byService: Map<string, Exposition>) => [...byService]
    .flatMap(([service, exposition]) => [...exposition]
      .filter(([name]) => name.startsWith('harborhook_'))
      .map(([name, shape]) => `${service} ${name}{${[...shape.labels].map(([label, seen]) =>
        `${label}=${[...seen.values].sort().join('|')}`).sort().join(',')}}`))
    .sort();
  assert.deepEqual(labelsOf(expositionsOf(fresh)), labelsOf(expositionsOf(exercised)));
});

test('every label value docs/metrics.md allows is exposed from the start', async () => {
  const docs = await readFile(join(REPO_ROOT, 'docs/metrics.md'), 'utf8');
  const byService = expositionsOf(fresh);
  let checked = 0;
  for (const row of docs.split('\n')) {
    const cells = row.split(' | ');
    const name = /^\| `(harborhook_[a-z_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name === undefined) continue;
    const series = cells[1] === 'histogram' ? `${name}_count` : name;
    for (const service of (cells[2] ?? '').split(', ')) {
      for (const [, label, list] of (cells[3] ?? '').matchAll(/`([a-z_]+)` \(([^)]*)\)/g)) {
        const seen = byService.get(service)?.get(series)?.labels.get(label ?? '')?.values;
        for (const [, value] of (list ?? '').matchAll(/`([a-z0-9_]+)`/g)) {
          assert.ok(seen?.has(value ?? ''), `${service} exposes ${series}{${label}="${value}"}`);
          checked += 1;
        }
      }
    }
  }
  assert.ok(checked > 40, `checked ${checked} documented values`);
});

test('the command checks saved expositions and exits 1 with the findings on stderr', async () => {
  const args: string[] = [];
  for (const [service, pages] of exercised) {
    const file = join(workDir, `${service}.prom`);
    await writeFile(file, pages.join('\n'));
    args.push('--exposition', `${service}=${file}`);
  }
  const rules = join(workDir, 'typo.rules.yml');
  await writeFile(rules, 'groups:\n  - name: g\n    rules:\n      - alert: HarborhookTypo\n'
    + '        expr: harborhook_deliveries_du > 0\n');
  const run = (extra: string[]) => spawnSync(process.execPath,
    [join(REPO_ROOT, 'slo/src/cli.ts'), 'check-static', ...args, ...extra],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  const clean = run([]);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /^check-static: \d+ rule files, .*: ok\n$/);
  const typo = run(['--rules', rules]);
  assert.equal(typo.status, 1);
  assert.equal(typo.stderr, `RULES_ERR_UNKNOWN_METRIC ${rules}:5 group "g" alert HarborhookTypo: `
    + 'metric harborhook_deliveries_du is not exposed by any service nor recorded by any rule '
    + '(closest: harborhook_deliveries_due)\n');
  const usage = run(['--exposition', 'api']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /^RULES_ERR_USAGE: /);
});
