import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { benchFigures, REFERENCE_FIGURE } from '../src/bench/bench-figures.ts';
import { BENCH_RESULTS_FORMAT, type BenchResults } from '../src/bench/bench-results.ts';
import { readProfile } from '../src/profile/read-profile.ts';
import { runScript } from '@harborhook/lab/testing/run-script';

async function bench(args: string[]): ReturnType<typeof runScript> {
  return await runScript('load/src/bench/cli.ts', args);
}

test('compare mode on two results files: exit 0 when nothing regressed, 1 when a figure did, '
  + '2 for runs set up differently or a file that is not a results file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bench-compare-'));
  try {
    const setup = { workers: 2, connections: 64, toxiproxy: false, durationScale: 1,
      rateScale: 1, apiDatabasePoolMax: 10 };
    const figures = (deliveries: number, ceiling: number) => ({ format: BENCH_RESULTS_FORMAT,
      setup, figures: {
        [REFERENCE_FIGURE]: { value: ceiling, unit: 'tx/s', better: 'higher', kind: 'throughput' },
        'stress.peakDeliveriesPerSecond': { value: deliveries, unit: 'deliveries/s',
          better: 'higher', kind: 'throughput' },
      } });
    const write = async (name: string, value: unknown): Promise<string> => {
      await writeFile(join(dir, name), JSON.stringify(value));
      return join(dir, name);
    };
    const base = await write('base.json', figures(2000, 4000));
    const slower = await write('slower.json', figures(1000, 2000));
    const regressed = await write('regressed.json', figures(1000, 4000));
    const same = await bench(['--compare', base, '--results', slower]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /machine factor .*: 0\.5/);
    const worse = await bench(['--compare', base, '--results', regressed]);
    assert.equal(worse.code, 1);
    assert.match(worse.stdout, /stress\.peakDeliveriesPerSecond.*\| regressed \|/);
    const shorter = await write('shorter.json',
      { ...figures(2000, 4000), setup: { ...setup, durationScale: 0.1 } });
    const mismatch = await bench(['--compare', base, '--results', shorter]);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /durationScale: 1 → 0\.1 \(BENCH_COMPARE_SETUP_MISMATCH\)/);
    // Checked before a lab is started.
    const mismatchedRun = await bench(['--compare', base, '--workers', '3']);
    assert.equal(mismatchedRun.code, 2);
    assert.match(mismatchedRun.stderr, /workers: 2 → 3/);
    const notResults = await bench(['--compare', await write('load.json',
      { format: 'harborhook-load-results/1' }), '--results', base]);
    assert.equal(notResults.code, 2);
    assert.match(notResults.stderr, /BENCH_RESULTS_FORMAT/);
    const missing = await bench(['--compare', join(dir, 'nope.json'), '--results', base]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /BENCH_RESULTS_NOT_FOUND/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a short run against the lab writes results with every figure, a report and plots',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-run-'));
    try {
      const smoke = await readProfile('smoke');
      const tiny = { ...smoke, name: 'tiny', startRate: 20, durationSeconds: 3,
        stages: [{ durationSeconds: 3, target: 20 }], drainTimeoutSeconds: 20 };
      await writeFile(join(dir, 'tiny.json'), JSON.stringify(tiny));
      const run = await bench(['--profiles', join(dir, 'tiny.json'), '--ceiling-seconds', '1',
        '--workers', '1', '--out-dir', dir, '--name', 'run', '--note', 'a test', '--quiet']);
      assert.equal(run.code, 0, run.stderr);

      const results = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as BenchResults;
      assert.equal(results.format, BENCH_RESULTS_FORMAT);
      assert.equal(results.note, 'a test');
      assert.equal(results.machine.loadAverage.start.length, 3);
      // Every figure the results' own data implies is there, and each is a number.
      assert.deepEqual(Object.keys(results.figures).sort(),
        Object.keys(benchFigures(results.ceilings, results.profiles)).sort());
      for (const name of ['ceiling.fastifyRequestsPerSecond', REFERENCE_FIGURE,
        'tiny.publishRate', 'tiny.publishP99Ms', 'tiny.e2eP50Ms', 'tiny.e2eP95Ms',
        'tiny.e2eP99Ms', 'tiny.peakDeliveriesPerSecond', 'tiny.transactionsPerDelivery',
        'tiny.platformCpuMsPerDelivery', 'tiny.publishRateOfFastifyCeiling',
        'tiny.publishRateOfPostgresCeiling', 'tiny.apiPublishP99Ms']) {
        assert.ok((results.figures[name]?.value ?? 0) > 0, `${name} is measured`);
      }
      const [profile] = results.profiles;
      assert.equal(profile?.summary.loss, 0);
      assert.ok((profile?.summary.deliveries ?? 0) >= (profile?.load.total.accepted ?? 1));
      // The api's group commit is read from its histograms: both parts of a publish's time.
      assert.ok((profile?.summary.apiQueueWaitP99Ms ?? 0) > 0, 'queue wait p99 is measured');
      assert.ok((profile?.summary.apiGroupStatementP99Ms ?? 0) > 0,
        'group statement p99 is measured');
      for (const group of ['api', 'relay', 'worker-1', 'postgres', 'nsqd', 'toxiproxy',
        'driver']) {
        assert.ok((results.figures[`tiny.peakRssMb.${group}`]?.value ?? 0) > 0,
          `${group}'s memory is sampled`);
        assert.ok((profile?.summary.processes[group]?.cpuSeconds ?? -1) >= 0);
      }
      const files = await readdir(dir);
      assert.ok(files.includes('run.md'));
      assert.deepEqual(files.filter((file) => file.endsWith('.svg')).sort(), ['run-tiny-cpu.svg',
        'run-tiny-latency.svg', 'run-tiny-memory.svg', 'run-tiny-queues.svg',
        'run-tiny-rates.svg']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
