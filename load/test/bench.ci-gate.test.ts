import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runScript } from '@harborhook/lab/testing/run-script';

/** The regression limit of the gate: no figure may get more than twice as bad, normalised. */
const GATE_LIMIT = '2';

type GateRun = Awaited<ReturnType<typeof runScript>>;

/** One benchmark run in compare mode; its exit status and output. */
async function runGate(outDir: string): Promise<GateRun> {
  const env = { ...process.env };
  // The services the bench starts are not tests of this runner.
  delete env.NODE_TEST_CONTEXT;
  return await runScript('load/src/bench/cli.ts', ['--profiles', 'ci-gate',
    '--ceiling-seconds', '3', '--compare', 'load/results/ci-gate.json', '--limit', GATE_LIMIT,
    '--out-dir', outDir, '--name', 'ci-gate-run', '--quiet'], env);
}

/**
 * The CI regression gate (docs/benchmark.md): a short benchmark of the platform in the lab,
 * compared with the committed load/results/ci-gate.json, every throughput and time normalised
 * by the Postgres ceiling measured in the same run, so a slower machine is not a regression.
 * A regression must show in two runs in a row: a moment of other work on the machine moves a
 * 25-second run's tail latencies, a slower platform moves both runs. It fails the build with
 * the comparison tables, which name each figure that regressed.
 */
test('the ci-gate benchmark does not regress against the committed baseline', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'harborhook-bench-gate-'));
  try {
    const first = await runGate(outDir);
    if (first.code === 0) {
      assert.match(first.stdout, /No figure regressed beyond its limit\./);
      return;
    }
    assert.equal(first.code, 1, `the benchmark gate could not run (exit ${String(first.code)}):`
      + `\n${first.stdout}\n${first.stderr}`);
    const second = await runGate(outDir);
    assert.equal(second.code, 0, `the benchmark regressed in two runs in a row (exit `
      + `${String(second.code)}):\n--- first run\n${first.stdout}\n--- second run\n`
      + `${second.stdout}\n${second.stderr}`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
