import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { parseProcStat, parseProcStatus, parseSmapsRollupPss, type ProcMemory, type ProcStat }
  from './proc-stat.ts';

/** Clock ticks per second of /proc's CPU times; 100 on every Linux we run on. */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** /proc/<pid>/stat, or undefined when the process has gone. */
export async function readProcStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseProcStat(text);
}

/** /proc/<pid>/status's memory, or undefined when the process has gone. */
export async function readProcMemory(pid: number): Promise<ProcMemory | undefined> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseProcStatus(text);
}

/** /proc/<pid>/smaps_rollup's Pss in bytes, or undefined when it cannot be read. */
export async function readProcPss(pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseSmapsRollupPss(text);
}

/** Every process's stat line, for finding a process's children (Postgres's backends). */
export async function readAllProcStats(): Promise<ProcStat[]> {
  const names = await readdir('/proc');
  const stats = await Promise.all(names.filter((name) => /^\d+$/.test(name))
    .map((name) => readProcStat(Number(name)).catch(() => undefined)));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/** The pids of `root` and all its descendants, from a snapshot of every process. */
export function descendantsOf(root: number, all: readonly ProcStat[]): number[] {
  const children = new Map<number, number[]>();
  for (const stat of all) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const found = [root];
  for (let i = 0; i < found.length; i += 1) {
    found.push(...(children.get(found[i] as number) ?? []));
  }
  return found;
}
