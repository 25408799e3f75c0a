import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { main as generate } from '../src/commands/generate.ts';
import { LAB_PROFILE } from '../src/profile/rule-profile.ts';
import { scaleExpression } from '../src/profile/scale-expression.ts';
import { scaleRuleFile } from '../src/profile/scale-rule-file.ts';
import { writeRuleProfile } from '../src/profile/write-rule-profile.ts';
import { listRuleFiles } from '../src/rules/rule-files.ts';
import { runPromtool } from '../src/rules/promtool.ts';

test('lab scaling changes ranges, subquery ranges and steps, offsets; nothing else', () => {
  assert.equal(scaleExpression(
    'max_over_time(rate(a{d="5m"}[5m] offset 1h)[3d:1m]) > 300', LAB_PROFILE),
  'max_over_time(rate(a{d="5m"}[5s] offset 1m)[1h12m:1s]) > 300');
  assert.equal(scaleExpression('rate(a[1m])\n  / rate(b[30d])', LAB_PROFILE),
    'rate(a[5s])\n  / rate(b[12h])');
  assert.throws(() => scaleExpression('rate(a[5m]', LAB_PROFILE),
    { code: 'SLO_ERR_PROMQL_SYNTAX' });
});

test('a hand-written rule file keeps its comments and gets for and interval scaled', () => {
  const source = '# kept\ngroups:\n  - name: g\n    interval: 1m\n    rules:\n'
    + '      - alert: HarborhookX\n        expr: increase(a[10m]) > 0 # why\n'
    + '        for: 15m\n        keep_firing_for: 5m\n';
  const scaled = scaleRuleFile(source, 'alerts/rules/x.rules.yml', LAB_PROFILE);
  assert.match(scaled, /# kept/);
  assert.match(scaled, /interval: 1s/);
  assert.match(scaled, /expr: increase\(a\[10s\]\) > 0 # why/);
  assert.match(scaled, /for: 15s/);
  assert.match(scaled, /keep_firing_for: 5s/);
});

test('writeRuleProfile: production copies every rule file, lab output passes promtool',
  async () => {
    const out = await mkdtemp(join(tmpdir(), 'rule-profile-'));
    try {
      const production = await writeRuleProfile('production', join(out, 'production'));
      const sources = await listRuleFiles();
      assert.equal(production.length, sources.length);
      for (const source of sources) {
        const flat = source.slice(REPO_ROOT.length).replaceAll('/', '-');
        assert.equal(await readFile(join(out, 'production', flat), 'utf8'),
          await readFile(source, 'utf8'), flat);
      }
      const lab = await writeRuleProfile('lab', join(out, 'lab'));
      assert.deepEqual(lab.map((file) => basename(file)), production.map((f) => basename(f)));
      const recordings = await readFile(join(out, 'lab',
        'slo-generated-slo-recordings.rules.yml'), 'utf8');
      // The 1h window of the lab is one minute; the rule keeps its production name.
      assert.ok(recordings.includes('record: slo:sli_error:ratio_rate1h\n        expr: 1 - '
        + 'avg_over_time(slo:sli_good:bool{slo="backlog-age"}[1m])'), recordings.slice(0, 800));
      const result = await runPromtool(['check', 'rules', ...lab]);
      assert.equal(result.exitCode, 0, result.output);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

test('slo generate --check exits 1 naming the stale file, and generate repairs it',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'slo-generate-'));
    const stderr = process.stderr.write;
    const stdout = process.stdout.write;
    let written = '';
    try {
      await cp(join(REPO_ROOT, 'slo', 'definitions'), join(root, 'slo', 'definitions'),
        { recursive: true });
      await mkdir(join(root, 'alerts', 'generated'), { recursive: true });
      await mkdir(join(root, 'slo', 'generated'), { recursive: true });
      for (const path of ['slo/generated/slo-recordings.rules.yml',
        'alerts/generated/slo-burn-rate.rules.yml']) {
        await cp(join(REPO_ROOT, path), join(root, path));
      }
      process.stderr.write = ((chunk: string) => { written += chunk; return true; }) as never;
      process.stdout.write = (() => true) as never;
      assert.equal(await generate(['--check'], root), 0);
      const stalePath = join(root, 'alerts', 'generated', 'slo-burn-rate.rules.yml');
      await writeFile(stalePath, `${await readFile(stalePath, 'utf8')}# edited by hand\n`);
      assert.equal(await generate(['--check'], root), 1);
      assert.match(written, /alerts\/generated\/slo-burn-rate\.rules\.yml is stale/);
      assert.doesNotMatch(written, /slo-recordings/);
      assert.equal(await generate([], root), 0);
      assert.equal(await generate(['--check'], root), 0);
      assert.equal(await generate(['--bogus'], root), 2);
    } finally {
      process.stderr.write = stderr;
      process.stdout.write = stdout;
      await rm(root, { recursive: true, force: true });
    }
  });
