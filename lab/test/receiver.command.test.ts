import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../src/env/binaries.ts';
import { runScript } from '../src/testing/run-script.ts';

const RECEIVER = join(REPO_ROOT, 'lab/src/cli/receiver.ts');

test('the receiver on a port in use exits 1 with a one-line reason, not a stack trace',
  async (t) => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => taken.close());
    const { port } = taken.address() as { port: number };
    const run = await runScript(RECEIVER, ['--port', String(port)]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr,
      `receiver: cannot listen on 127.0.0.1:${port}: the port is in use (another receiver? `
      + 'try --port)\n');
  });

test('the receiver refuses a bad --port or --status with exit 2 and its usage', async () => {
  for (const args of [['--port', 'abc'], ['--port', '70000'], ['--status', '99'],
    ['--status', 'ok']]) {
    const run = await runScript(RECEIVER, args);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, new RegExp(`^${args[0]} must be`), args.join(' '));
    assert.match(run.stderr, /Usage: bin\/harborhook receiver/);
  }
});
