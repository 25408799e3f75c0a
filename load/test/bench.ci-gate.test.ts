import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';

/** The regression limit of the gate: no figure may get more than twice as bad, normalised. */
const GATE_LIMIT = '2';

/**
 * The CI regression gate (docs/benchmark.md): a short benchmark of the platform in the lab,
 * compared with the committed load/results/ci-gate.json, every throughput and time normalised
 * by the Postgres ceiling measured in the same run, so a slower machine is not a regression.
 * It fails the build with the comparison table, which names each figure that regressed.
 */
test('the ci-gate benchmark does not regress against the committed baseline', async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'harborhook-bench-gate-'));
  try {
    const env = { ...process.env };
    // The services the bench starts are not tests of this runner.
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['load/src/bench/cli.ts', '--profiles', 'ci-gate',
      '--ceiling-seconds', '3', '--compare', 'load/results/ci-gate.json', '--limit', GATE_LIMIT,
      '--out-dir', outDir, '--name', 'ci-gate-run', '--quiet'], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, `the benchmark gate failed (exit ${String(code)}):\n${stdout}\n`
      + stderr);
    assert.match(stdout, /No figure regressed beyond its limit\./);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});
