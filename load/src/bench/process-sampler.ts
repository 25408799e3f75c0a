import { clockTicksPerSecond, descendantsOf, readAllProcStats, readProcMemory, readProcPss,
  readProcStat } from './proc-files.ts';

/** A named set of processes measured together: one service, or Postgres with its backends. */
export interface ProcessGroup {
  name: string;
  pid: number;
  /** Count the process's descendants too (Postgres forks a backend per connection). */
  withChildren: boolean;
}

/** One group's figures over one sampling interval. */
export interface GroupSample {
  /** CPU used over the interval, in cores (1 = one core busy all the time). */
  cpuCores: number;
  /**
   * Resident memory at the end of the interval, in MB: VmRSS of a single process; for a group
   * with children the sum of their Pss, which counts shared memory once.
   */
  rssMb: number;
}

/**
 * Reads /proc for each group of processes and turns the CPU ticks that passed between two
 * reads into cores used. A process that appears between reads counts all its CPU time so far
 * (a Postgres backend forked during the interval); one that exits takes its last interval
 * with it, which undercounts short-lived processes slightly.
 */
export class ProcessSampler {
  readonly #groups: readonly ProcessGroup[];
  readonly #ticksPerSecond = clockTicksPerSecond();
  #previousTicks = new Map<number, number>();
  #previousAt: number | undefined;
  #cpuSeconds = new Map<string, number>();

  constructor(groups: readonly ProcessGroup[]) {
    this.#groups = groups;
  }

  get groups(): readonly ProcessGroup[] {
    return this.#groups;
  }

  /** CPU seconds each group used since the first sample. */
  cpuSeconds(): Record<string, number> {
    return Object.fromEntries(this.#groups.map((g) => [g.name, this.#cpuSeconds.get(g.name) ?? 0]));
  }

  /** Reads /proc now; the first call only sets the starting point and returns undefined. */
  async sample(): Promise<Record<string, GroupSample> | undefined> {
    // CPU ticks first, all at once, and the clock read right after them: reading memory as
    // well before the clock would stretch one interval and shrink the next.
    const all = this.#groups.some((group) => group.withChildren)
      ? await readAllProcStats() : [];
    const pidsOf = this.#groups.map((group) =>
      group.withChildren ? descendantsOf(group.pid, all) : [group.pid]);
    // Read again, together: the scan for children takes long enough to skew its early reads.
    const stats = await Promise.all(pidsOf.flat().map((pid) => readProcStat(pid)));
    const now = performance.now();
    const statOf = new Map(stats.filter((stat) => stat !== undefined)
      .map((stat) => [stat.pid, stat]));
    const ticks = new Map<number, number>();
    const result: Record<string, GroupSample> = {};
    for (const [index, group] of this.#groups.entries()) {
      const pids = (pidsOf[index] as number[]).filter((pid) => statOf.has(pid));
      let deltaTicks = 0;
      for (const pid of pids) {
        const cpuTicks = (statOf.get(pid) as { cpuTicks: number }).cpuTicks;
        ticks.set(pid, cpuTicks);
        deltaTicks += cpuTicks - (this.#previousTicks.get(pid) ?? 0);
      }
      if (this.#previousAt === undefined) continue;
      const seconds = deltaTicks / this.#ticksPerSecond;
      this.#cpuSeconds.set(group.name, (this.#cpuSeconds.get(group.name) ?? 0) + seconds);
      result[group.name] = {
        cpuCores: round(seconds / ((now - this.#previousAt) / 1000)),
        rssMb: round(await residentBytes(pids, group.withChildren) / 1024 / 1024),
      };
    }
    const first = this.#previousAt === undefined;
    this.#previousTicks = ticks;
    this.#previousAt = now;
    return first ? undefined : result;
  }
}

/** VmRSS of each process; Pss for a group with children, where the kernel lets us read it. */
async function residentBytes(pids: number[], withChildren: boolean): Promise<number> {
  const sizes = await Promise.all(pids.map(async (pid) => {
    const pss = withChildren ? await readProcPss(pid) : undefined;
    return pss ?? (await readProcMemory(pid))?.rssBytes ?? 0;
  }));
  return sizes.reduce((sum, size) => sum + size, 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
