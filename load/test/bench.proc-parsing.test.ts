import assert from 'node:assert/strict';
import { test } from 'node:test';
import { descendantsOf } from '../src/bench/proc-files.ts';
import { parseProcStat, parseProcStatus, parseSmapsRollupPss, ProcParseError }
  from '../src/bench/proc-stat.ts';
import { sumSamples } from '../src/bench/prometheus-counter.ts';

// Captured from a Linux 6.x machine, with the command names changed to test the parsing.
const NODE_STAT = '26428 (node) S 26375 26375 26375 0 -1 4194560 52379 0 12 0 1520 310 0 0 20 0 '
  + '11 0 1217456 1253515264 51234 18446744073709551615 1 1 0 0 0 0 0 16781312 17922 0 0 0 17 1 '
  + '0 0 0 0 0 0 0 0 0 0 0 0 0';
const ODD_STAT = '4711 (a (b) c) R 1 4711 4711 0 -1 4194304 10 0 0 0 7 3 0 0 20 0 1 0 5 0 0';
const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
Pid:\t26428
PPid:\t26375
VmPeak:\t 1297508 kB
VmSize:\t 1224136 kB
VmHWM:\t  209512 kB
VmRSS:\t  171680 kB
RssAnon:\t  120000 kB
Threads:\t11
`;
const SMAPS_ROLLUP = `55d4c0a00000-7ffd3a5fe000 ---p 00000000 00:00 0                  [rollup]
Rss:              559472 kB
Pss:               18320 kB
Pss_Dirty:          4096 kB
`;

test('a /proc stat line gives the pid, command, parent and user+system CPU ticks', () => {
  assert.deepEqual(parseProcStat(NODE_STAT),
    { pid: 26428, comm: 'node', ppid: 26375, cpuTicks: 1830 });
  // A command name with spaces and parentheses does not shift the fields after it.
  assert.deepEqual(parseProcStat(ODD_STAT),
    { pid: 4711, comm: 'a (b) c', ppid: 1, cpuTicks: 10 });
});

test('an unparsable stat line is refused with a stable code', () => {
  assert.throws(() => parseProcStat('garbage'),
    (err: unknown) => err instanceof ProcParseError && err.code === 'BENCH_PROC_UNPARSABLE');
  assert.throws(() => parseProcStat('12 (x) S y z'), ProcParseError);
});

test('/proc status gives VmRSS and VmHWM in bytes; a kernel thread has neither', () => {
  assert.deepEqual(parseProcStatus(STATUS),
    { rssBytes: 171680 * 1024, peakRssBytes: 209512 * 1024 });
  assert.deepEqual(parseProcStatus('Name:\tkthreadd\nState:\tS (sleeping)\n'),
    { rssBytes: 0, peakRssBytes: 0 });
});

test('smaps_rollup gives the Pss, not the Rss that counts shared buffers per backend', () => {
  assert.equal(parseSmapsRollupPss(SMAPS_ROLLUP), 18320 * 1024);
  assert.equal(parseSmapsRollupPss(''), 0);
});

test('a process group is its root and every descendant, not its siblings', () => {
  const stat = (pid: number, ppid: number) => ({ pid, ppid, comm: 'postgres', cpuTicks: 0 });
  const all = [stat(1, 0), stat(100, 1), stat(101, 100), stat(102, 100), stat(103, 101),
    stat(200, 1), stat(201, 200)];
  assert.deepEqual(descendantsOf(100, all).sort(), [100, 101, 102, 103]);
  assert.deepEqual(descendantsOf(201, all), [201]);
});

test('counters are summed across label sets that match, and only for the named metric', () => {
  const exposition = [
    '# HELP harborhook_deliveries_finished_total deliveries that reached a final state',
    '# TYPE harborhook_deliveries_finished_total counter',
    'harborhook_deliveries_finished_total{status="delivered",cause="none"} 120',
    'harborhook_deliveries_finished_total{status="dead",cause="receiver"} 3',
    'harborhook_deliveries_finished_total{cause="platform",status="delivered"} 2',
    'harborhook_deliveries_finished_total_extra{status="delivered"} 1000',
    'harborhook_events_accepted_total 42',
  ].join('\n');
  assert.equal(sumSamples(exposition, 'harborhook_deliveries_finished_total',
    { status: 'delivered' }), 122);
  assert.equal(sumSamples(exposition, 'harborhook_deliveries_finished_total'), 125);
  assert.equal(sumSamples(exposition, 'harborhook_events_accepted_total'), 42);
  assert.equal(sumSamples(exposition, 'harborhook_missing_total'), 0);
});
