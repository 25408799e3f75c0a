import { randomInt } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
report per experiment. Exits 1 when a check fails, 2 on a usage error, 130 when interrupted
(Ctrl-C tears the lab down first; a second Ctrl-C exits at once).

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

interface Plan {
  experiments: Experiment[];
  quick: boolean;
  seed: number;
  out: string;
}

function parse(): Plan {
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
  if (values.seed !== undefined && !/^\d{1,15}$/.test(values.seed)) {
    usageError(`--seed takes a whole number of at most 15 digits, got "${values.seed}"`);
  }
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
  return { experiments: found === undefined ? [...CATALOGUE] : [found],
    quick: values.quick === true, seed,
    out: resolve(values.out ?? join(REPO_ROOT, '.harborhook', 'chaos-reports')) };
}

/**
 * Makes the report directory before a lab starts, so that a long run does not end in a failed
 * write. One level at a time: Node's recursive mkdir never returns for a path under /proc.
 */
async function checkWritable(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      await access(at, constants.F_OK);
      break;
    } catch {
      missing.unshift(at);
      if (dirname(at) === at) break;
    }
  }
  try {
    for (const level of missing) await mkdir(level);
    await access(dir, constants.W_OK);
  } catch (err) {
    usageError(`cannot write reports to ${dir}: ${(err as { code?: string }).code ?? 'error'}`);
  }
}

/** Ctrl-C (or SIGTERM) aborts the run, which tears its lab down; a second one exits now. */
function abortOnSignals(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`chaos: ${signal}: stopping the experiment and tearing the lab down\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

const { experiments, quick, seed, out } = parse();
await checkWritable(out);
const signal = abortOnSignals();
process.stderr.write(`chaos: seed ${seed} (repeat with --seed ${seed}), reports in ${out}\n`);
let failed = 0;
for (const experiment of experiments) {
  let report;
  try {
    report = await runExperiment(experiment,
      { seed, length: quick ? 'quick' : 'full', signal });
  } catch (err) {
    if (!signal.aborted) throw err;
    process.stderr.write('chaos: interrupted; the lab was torn down\n');
    process.exit(130);
  }
  const recovery = report.figures.recoverySeconds;
  process.stdout.write(`${report.passed ? 'PASS' : 'FAIL'} ${experiment.name}: recovery `
    + `${recovery === null ? 'none' : `${recovery} s`}, duplicates ${report.figures.duplicates}, `
    + `lost ${report.figures.lost}, dead ${report.figures.dead}\n`);
  for (const check of report.checks.filter((c) => !c.passed)) {
    process.stdout.write(`  failed: ${check.name}: ${check.detail}\n`);
  }
  const paths = await writeReport(report, out);
  process.stdout.write(`  report: ${paths.html}\n`);
  if (!report.passed) failed += 1;
}
process.stdout.write(`${experiments.length - failed} of ${experiments.length} experiments `
  + 'passed\n');
process.exit(failed === 0 ? 0 : 1);
