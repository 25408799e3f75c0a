import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args],
  { encoding: 'utf8' });

test('every slo command answers --help on stdout with exit 0, as every lab command does', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['generate', '--help'],
    ['check-static', '--help'], ['alerting-lab', '--help']]) {
    const result = run(...args);
    assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, /^usage: bin\/harborhook slo /, args.join(' '));
  }
});

test('an unknown command or argument is exit 2 with the usage on stderr', () => {
  const unknown = run('frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown slo command: frobnicate/);
  const badArgument = run('generate', '--frob');
  assert.equal(badArgument.status, 2);
  assert.match(badArgument.stderr, /unknown argument --frob/);
});
