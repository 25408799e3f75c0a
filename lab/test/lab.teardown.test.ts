import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { test } from 'node:test';
import { LabError } from '../src/lab/lab-error.ts';
import { startLab } from '../src/lab/start-lab.ts';

/** Resolves true when something accepts a TCP connection on 127.0.0.1:port. */
async function accepts(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(path: string): Promise<boolean> {
  return await stat(path).then(() => true, () => false);
}

/** Processes whose parent is this test process, from /proc. */
async function childPids(): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The command name (field 2) may hold spaces; the parent pid follows its closing paren.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === process.pid) children.push(Number(entry));
  }
  return children;
}

test('a disposed lab has closed every port, ended every process and removed its directories',
  async () => {
    const lab = await startLab({ workers: 2, receivers: [{ kind: 'succeed' }, { kind: 'hang' }] });
    const held = lab.resources();
    try {
      // What the lab holds is really held while it runs, so the checks below can fail.
      assert.ok(held.pids.length >= 6, `pids: ${held.pids.join(', ')}`);
      for (const port of held.ports) assert.ok(await accepts(port), `port ${port} is open`);
      for (const pid of held.pids) assert.ok(alive(pid), `process ${pid} runs`);
      for (const dir of held.directories) assert.ok(await exists(dir), `${dir} exists`);
    } finally {
      await lab.close();
    }
    await lab.close();

    for (const port of held.ports) assert.equal(await accepts(port), false, `port ${port}`);
    for (const pid of held.pids) assert.equal(alive(pid), false, `process ${pid}`);
    for (const dir of held.directories) assert.equal(await exists(dir), false, dir);
    assert.deepEqual(await childPids(), []);
  });

test('a lab whose worker cannot start fails with LAB_ERR_NOT_READY and leaves nothing running',
  async () => {
    assert.deepEqual(await childPids(), []);
    await assert.rejects(startLab({ env: { worker: { WORKER_CONCURRENCY: '0' } } }),
      (err: unknown) => err instanceof LabError && err.code === 'LAB_ERR_NOT_READY'
        && err.message.includes('WORKER_CONCURRENCY'));
    assert.deepEqual(await childPids(), []);
  });

test('lab options that describe no lab are refused with LAB_ERR_INVALID_OPTIONS', async () => {
  await assert.rejects(startLab({ workers: 0 }),
    (err: unknown) => err instanceof LabError && err.code === 'LAB_ERR_INVALID_OPTIONS');
});
