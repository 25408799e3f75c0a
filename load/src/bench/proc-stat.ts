/** What the benchmark reads from /proc/<pid>/stat: identity and CPU time so far. */
export interface ProcStat {
  pid: number;
  /** The executable's name as the kernel keeps it (at most 15 characters). */
  comm: string;
  ppid: number;
  /** User plus system CPU time, in clock ticks (see `getconf CLK_TCK`). */
  cpuTicks: number;
}

/** What the benchmark reads from /proc/<pid>/status: memory. */
export interface ProcMemory {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** The peak resident set size ("high water mark"), in bytes. */
  peakRssBytes: number;
}

export class ProcParseError extends Error {
  readonly code = 'BENCH_PROC_UNPARSABLE';
}

/**
 * Parses one /proc/<pid>/stat line. The command name is in parentheses and may itself hold
 * spaces and parentheses, so the fields after it are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new ProcParseError('no "(comm)" in a /proc stat line');
  const pid = Number(text.slice(0, open).trim());
  // After ')': state(3) ppid(4) ... utime(14) stime(15), numbered as in proc(5).
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const field = (number: number): number => Number(rest[number - 3]);
  const stat = { pid, comm: text.slice(open + 1, close), ppid: field(4),
    cpuTicks: field(14) + field(15) };
  if (![stat.pid, stat.ppid, stat.cpuTicks].every(Number.isInteger)) {
    throw new ProcParseError(`a /proc stat line with non-numeric fields (pid ${pid})`);
  }
  return stat;
}

/** Parses /proc/<pid>/status for VmRSS and VmHWM (kernel threads have neither: 0). */
export function parseProcStatus(text: string): ProcMemory {
  const kilobytes = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(text);
    return match === null ? 0 : Number(match[1]) * 1024;
  };
  return { rssBytes: kilobytes('VmRSS'), peakRssBytes: kilobytes('VmHWM') };
}

/**
 * Parses /proc/<pid>/smaps_rollup for Pss: the process's resident memory with each shared page
 * divided among the processes sharing it, so a group's Pss adds up (its RSS would count
 * Postgres's shared buffers once per backend).
 */
export function parseSmapsRollupPss(text: string): number {
  const match = /^Pss:\s+(\d+)\s+kB$/m.exec(text);
  return match === null ? 0 : Number(match[1]) * 1024;
}
