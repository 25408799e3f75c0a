import { readFile } from 'node:fs/promises';
import type { Lab } from '@harborhook/lab/lab/lab';
import { readAllProcStats } from './proc-files.ts';
import type { ProcessGroup } from './process-sampler.ts';
import { DRIVER_GROUP } from './profile-summary.ts';

/**
 * The processes a benchmark measures: the lab's api, relay and workers, Postgres with its
 * backends, nsqd and Toxiproxy, and this process (the driver and its receivers). The lab
 * lists Postgres's and Toxiproxy's pids among its resources; nsqd is found by its command
 * line, which names the lab's nsqd TCP address.
 */
export async function labProcessGroups(lab: Lab): Promise<ProcessGroup[]> {
  const { api, relay, workers } = lab.services;
  const groups: ProcessGroup[] = [];
  const add = (name: string, pid: number | undefined, withChildren = false): void => {
    if (pid !== undefined) groups.push({ name, pid, withChildren });
  };
  add('api', api.pid);
  add('relay', relay.pid);
  for (const worker of workers) add(worker.name, worker.pid);
  const servicePids = new Set([api.pid, relay.pid, ...workers.map((w) => w.pid)]);
  const all = await readAllProcStats();
  for (const pid of lab.resources().pids.filter((p) => !servicePids.has(p))) {
    const comm = all.find((stat) => stat.pid === pid)?.comm ?? '';
    if (comm.startsWith('postgres')) add('postgres', pid, true);
    else if (comm.startsWith('toxiproxy')) add('toxiproxy', pid);
  }
  add('nsqd', await pidWithArgument(all.filter((stat) => stat.comm.startsWith('nsqd'))
    .map((stat) => stat.pid), lab.nsqd.tcpAddress));
  add(DRIVER_GROUP, process.pid);
  return groups;
}

async function pidWithArgument(pids: number[], argument: string): Promise<number | undefined> {
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(argument)) return pid;
  }
  return undefined;
}
