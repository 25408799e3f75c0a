import type { Lab, LabOptions } from './lab.ts';
import type { LabRuntime } from './lab-runtime.ts';
import { processRuntime } from './process-runtime.ts';

/**
 * The lab's one entry point: `await using lab = await startLab({ workers: 2 })`. The runtime
 * is local processes unless another is given.
 */
export async function startLab(options: LabOptions = {},
  runtime: LabRuntime = processRuntime): Promise<Lab> {
  return await runtime.start(options);
}
