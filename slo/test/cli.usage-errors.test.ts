import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { main as generate } from '../src/commands/generate.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args],
  { encoding: 'utf8', timeout: 20_000 });

test('check-static refuses a rules file that does not exist, before starting a lab', () => {
  const result = run('check-static', '--rules', '/nonexistent/rules.yml');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /RULES_ERR_USAGE: --rules \/nonexistent\/rules.yml: no such file/);
  assert.doesNotMatch(result.stderr, /starting a lab/);
});

test('check-static refuses an exposition for a service that does not exist', () => {
  const result = run('check-static', '--exposition', 'database=/tmp/whatever.prom');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /RULES_ERR_USAGE: --exposition names the service "database"/);
});

test('generate that cannot write its output says which file, with a code, and exits 2',
  async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'harborhook-slo-unwritable-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    await cp(join(REPO_ROOT, 'slo', 'definitions'), join(root, 'slo', 'definitions'),
      { recursive: true });
    // A plain file where the output folder should be: every write under it fails.
    await writeFile(join(root, 'slo', 'generated'), 'not a folder');
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => { stderr.push(String(chunk)); return true; }) as
      typeof process.stderr.write;
    let code: number;
    try {
      code = await generate([], root);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(code, 2);
    assert.match(stderr.join(''), /cannot write slo\/generated\/.*\(SLO_ERR_WRITE\)/);
  });
