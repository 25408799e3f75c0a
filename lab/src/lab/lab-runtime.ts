import type { Lab, LabOptions } from './lab.ts';

/**
 * Something that can bring a whole lab up on this machine and hand back its handles. Chaos
 * experiments and tests depend on this interface only, never on how the parts run.
 *
 * `process` (process-runtime.ts), the default: every part is a local OS process on 127.0.0.1.
 * `container` (container-runtime.ts): every part is a Docker container of an image built
 * locally (lab/src/containers), on a network of the lab's own; docs/lab.md says how.
 */
export interface LabRuntime {
  readonly name: string;
  start(options?: LabOptions): Promise<Lab>;
}
