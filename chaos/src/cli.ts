import { randomInt } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { CATALOGUE, findExperiment } from '../experiments/catalogue.ts';
import type { Experiment } from './experiment.ts';
import { writeReport } from './report/write-report.ts';
import { runExperiment } from './run/run-experiment.ts';

const USAGE = `
Usage: bin/harborhook chaos <experiment|all> [--quick] [--seed N] [--out DIR]
       npm run chaos -- <experiment|all> [...]

Runs chaos experiments in a fresh lab each (Postgres, nsqd, Toxiproxy, the services as
processes, receivers; all on 127.0.0.1, torn down at the end) and writes a JSON and an HTML
report per experiment. Exits 1 when a check fails, 2 on a usage error.

  --quick    shorter steady, fault and after phases (CI: the whole catalogue in minutes)
  --seed N   the seed of the run's random choices; printed, so a run can be repeated
  --out DIR  where reports go (default .harborhook/chaos-reports)
  --list     list the experiments

Experiments:
${CATALOGUE.map((e) => `  ${e.name.padEnd(18)} ${e.title}`).join('\n')}
`;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parse(): { experiments: Experiment[]; quick: boolean; seed: number; out: string } {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, strict: true, options: {
      quick: { type: 'boolean' }, seed: { type: 'string' }, out: { type: 'string' },
      list: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (err) {
    usageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true || values.list === true) {
    process.stdout.write(USAGE.trimStart());
    process.exit(0);
  }
  if (positionals.length !== 1) usageError('name one experiment, or all');
  const name = positionals[0] ?? '';
  const found = findExperiment(name);
  if (name !== 'all' && found === undefined) usageError(`no experiment named "${name}"`);
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) usageError('--seed takes a whole number');
  return { experiments: found === undefined ? [...CATALOGUE] : [found],
    quick: values.quick === true, seed,
    out: resolve(values.out ?? join(REPO_ROOT, '.harborhook', 'chaos-reports')) };
}

const { experiments, quick, seed, out } = parse();
process.stderr.write(`chaos: seed ${seed} (repeat with --seed ${seed}), reports in ${out}\n`);
let failed = 0;
for (const experiment of experiments) {
  const report = await runExperiment(experiment, { seed, length: quick ? 'quick' : 'full' });
  const paths = await writeReport(report, out);
  const recovery = report.figures.recoverySeconds;
  process.stdout.write(`${report.passed ? 'PASS' : 'FAIL'} ${experiment.name}: recovery `
    + `${recovery === null ? 'none' : `${recovery} s`}, duplicates ${report.figures.duplicates}, `
    + `lost ${report.figures.lost}, dead ${report.figures.dead}; ${paths.html}\n`);
  for (const check of report.checks.filter((c) => !c.passed)) {
    process.stdout.write(`  failed: ${check.name}: ${check.detail}\n`);
  }
  if (!report.passed) failed += 1;
}
process.stdout.write(`${experiments.length - failed} of ${experiments.length} experiments `
  + 'passed\n');
process.exit(failed === 0 ? 0 : 1);
