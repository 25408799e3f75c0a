import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { startPlatform } from '@harborhook/lab/platform/platform';
import type { LoadResults } from '../src/results/load-results.ts';
import { runScript } from '@harborhook/lab/testing/run-script';

async function cli(args: string[]): ReturnType<typeof runScript> {
  return await runScript('load/src/cli.ts', args);
}

test('the CLI refuses a missing or unknown profile and a failing token command with exit 2',
  async () => {
    const missing = await cli([]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--profile is required/);
    const unknown = await cli(['--profile', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /\(file\) \(LOAD_PROFILE_NOT_FOUND\)/);
    const badScale = await cli(['--profile', 'smoke', '--duration-scale', 'x']);
    assert.equal(badScale.code, 2);
    assert.match(badScale.stderr, /scale\.duration \(LOAD_PROFILE_SCALE_INVALID\)/);
    // The token command fails before anything is started or sent.
    const noToken = await cli(['--profile', 'smoke', '--api-url', 'http://127.0.0.1:9',
      '--token-command', 'exit 3']);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr,
      /--token-command failed for tenant load-smoke-[ab]-\w+ \(exit 3\)/);
  });

test('the CLI runs a scaled profile with the dev keys of a state directory and writes results',
  async () => {
    await using platform = await startPlatform();
    const dir = await mkdtemp(join(tmpdir(), 'load-cli-'));
    try {
      const outFile = join(dir, 'smoke.json');
      // The platform keeps its key ring as the dev command does: <state dir>/keys/jwks.json.
      const stateDir = dirname(dirname(platform.wiring.jwksFile));
      const run = await cli(['--profile', 'smoke', '--duration-scale', '0.1', '--quiet',
        '--api-url', platform.apiUrl, '--state-dir', stateDir, '--out', outFile]);
      const results = JSON.parse(await readFile(outFile, 'utf8')) as LoadResults;
      // 0 or 1 depending on the latency thresholds, which a test does not judge.
      assert.equal(run.code, results.passed ? 0 : 1, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^deliveries: expected \d+, received \d+/m);
      assert.match(run.stdout, new RegExp(`results: ${outFile}`));
      assert.ok(results.total.accepted > 0);
      assert.equal(results.total.deliveries.loss, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
