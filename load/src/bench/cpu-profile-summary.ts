import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface CpuShare {
  name: string;
  ms: number;
  /** Share of the busy time (everything but idle). */
  share: number;
}

export interface CpuProfileSummary {
  busyMs: number;
  idleMs: number;
  /** Self time by where the code lives: a package, a Node module, a Harborhook folder. */
  byArea: CpuShare[];
  /** Self time by function, the heaviest first. */
  byFunction: CpuShare[];
}

/**
 * Where a `node --cpu-prof` profile's time went: each sample's interval is charged to the
 * function on top of the stack (self time) and to the area its code lives in.
 */
export function summariseCpuProfile(profile: CpuProfile, top = 15): CpuProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const frame = nodes.get(id)?.callFrame;
    if (frame === undefined) return;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where = frame.url === '' ? '' : ` ${basename(frame.url)}:${frame.lineNumber + 1}`;
    const name = `${frame.functionName || '(anonymous)'}${where} [${area}]`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
  });
  const ranked = (map: Map<string, number>): CpuShare[] => [...map.entries()]
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, ms]) => ({ name, ms: Math.round(ms), share: round(ms / (busyMs || 1)) }));
  return { busyMs: Math.round(busyMs), idleMs: Math.round(idleMs), byArea: ranked(areas),
    byFunction: ranked(functions) };
}

/** `pg`, `fastify`, `node:net`, `services/api`, or V8's own `(garbage collector)`. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules !== null) return modules[1] as string;
  if (url.startsWith('node:')) return url;
  const harborhook = /\/(services\/[^/]+|lab|load)\//.exec(url);
  return harborhook === null ? 'other' : harborhook[1] as string;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** `node load/src/bench/cpu-profile-summary.ts FILE.cpuprofile...`: prints each summary. */
if (import.meta.main) {
  for (const file of process.argv.slice(2)) {
    const summary = summariseCpuProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
    const lines = (shares: CpuShare[]): string[] => shares.map((share) =>
      `  ${(share.share * 100).toFixed(1).padStart(5)} %  ${String(share.ms).padStart(7)} ms  `
        + share.name);
    process.stdout.write([`${file}: busy ${summary.busyMs} ms, idle ${summary.idleMs} ms`,
      ' by area:', ...lines(summary.byArea), ' by function (self time):',
      ...lines(summary.byFunction), ''].join('\n'));
  }
}
