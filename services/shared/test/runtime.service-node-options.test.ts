import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serviceNodeOptions } from '../src/runtime/service-node-options.ts';

test('a service starts with its heap settings, and the operator\'s NODE_OPTIONS come last', () => {
  assert.equal(serviceNodeOptions('api'), '--max-semi-space-size=4');
  const worker = serviceNodeOptions('worker', '--max-old-space-size=512 --enable-source-maps');
  assert.match(worker, /^--max-semi-space-size=4 --max-old-space-size=160 /);
  assert.ok(worker.endsWith('--max-old-space-size=512 --enable-source-maps'),
    'V8 takes the last occurrence, so the operator\'s cap wins');
});

test('the heap settings take effect in a process started with them', () => {
  const limitMb = (nodeOptions: string): number => Number(execFileSync(process.execPath,
    ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'],
    { env: { ...process.env, NODE_OPTIONS: nodeOptions } }).toString()) / 1024 / 1024;
  const worker = limitMb(serviceNodeOptions('worker'));
  assert.ok(worker < 200, `worker heap limit ${worker} MB`);
  assert.ok(limitMb(serviceNodeOptions('worker', '--max-old-space-size=1024')) > 1000);
});

test('the command-line form prints the options and refuses an unknown service', () => {
  const script = fileURLToPath(new URL('../src/runtime/service-node-options.ts', import.meta.url));
  assert.equal(execFileSync(process.execPath, [script, 'relay', '--trace-gc']).toString(),
    '--max-semi-space-size=4 --trace-gc\n');
  assert.throws(() => execFileSync(process.execPath, [script, 'database'], { stdio: 'pipe' }),
    /usage: service-node-options.ts/);
});
