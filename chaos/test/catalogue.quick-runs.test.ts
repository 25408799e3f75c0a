import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { CATALOGUE } from '../experiments/catalogue.ts';
import { writeReport } from '../src/report/write-report.ts';
import { runExperiment } from '../src/run/run-experiment.ts';

// One seed for the whole catalogue, printed so that a failing run can be repeated with it.
const seed = Number(process.env.CHAOS_SEED ?? randomInt(1, 2 ** 31));
const reports = join(REPO_ROOT, '.harborhook', 'chaos-reports');

for (const experiment of CATALOGUE) {
  test(`chaos: ${experiment.title}`, async (t) => {
    t.diagnostic(`bin/harborhook chaos ${experiment.name} --quick --seed ${seed}`);
    const report = await runExperiment(experiment, { seed, length: 'quick', progress: false });
    const paths = await writeReport(report, reports);
    t.diagnostic(`recovery ${report.figures.recoverySeconds ?? 'none'} s, duplicates `
      + `${report.figures.duplicates}, report ${paths.html}`);
    const failed = report.checks.filter((check) => !check.passed);
    assert.deepEqual(failed, [], `failed checks of ${experiment.name} (seed ${seed})`);
  });
}
