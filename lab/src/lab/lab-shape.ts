import type { ReceiverBehaviour } from '../receivers/receiver.ts';
import type { LabOptions } from './lab.ts';
import { LabError } from './lab-error.ts';

/** How many workers and which receivers a lab gets, its options' defaults filled in. */
export interface LabShape {
  workers: number;
  behaviours: ReceiverBehaviour[];
}

/** Fills in the defaults and refuses, with LAB_ERR_INVALID_OPTIONS, a lab that cannot be. */
export function labShape(options: LabOptions): LabShape {
  const workers = options.workers ?? 1;
  const behaviours = options.receivers ?? [{ kind: 'succeed' }];
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'workers must be an integer from 1 to 32');
  }
  if (behaviours.length > 64) {
    throw new LabError('LAB_ERR_INVALID_OPTIONS', 'at most 64 receivers');
  }
  return { workers, behaviours };
}
