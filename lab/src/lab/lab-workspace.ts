import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Teardown } from './teardown.ts';

/** Where a lab keeps its files: a temporary work directory and the services' logs. */
export interface LabWorkspace {
  workDir: string;
  logDir: string;
}

/**
 * Registers `reapOnExit` for a test process that exits without disposing the lab (it must
 * leave nothing behind; only synchronous work runs then), and creates the work directory,
 * removed on teardown, and the log directory (`logDir`, or inside the work directory).
 */
export async function createLabWorkspace(teardown: Teardown, prefix: string,
  logDir: string | undefined, reapOnExit: () => void): Promise<LabWorkspace> {
  process.once('exit', reapOnExit);
  teardown.add('remove the exit hook',
    async () => { process.removeListener('exit', reapOnExit); });
  const workDir = await mkdtemp(join(tmpdir(), prefix));
  teardown.add('remove the work directory',
    () => rm(workDir, { recursive: true, force: true }));
  const logs = logDir ?? join(workDir, 'logs');
  await mkdir(logs, { recursive: true });
  return { workDir, logDir: logs };
}
