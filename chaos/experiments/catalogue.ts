import type { Experiment } from '../src/experiment.ts';
import { experiment as postgresLatency } from './postgres-latency.ts';
import { experiment as postgresOutage } from './postgres-outage.ts';
import { experiment as nsqdStopped } from './nsqd-stopped.ts';
import { experiment as nsqdKilled } from './nsqd-killed.ts';
import { experiment as workerKilled } from './worker-killed.ts';
import { experiment as endpointHangs } from './endpoint-hangs.ts';
import { experiment as endpointErrors } from './endpoint-errors.ts';
import { experiment as receiverResets } from './receiver-resets.ts';
import { experiment as relayKilled } from './relay-killed.ts';
import { experiment as lowBandwidth } from './low-bandwidth.ts';

/** Every experiment, in the order `all` runs them. */
export const CATALOGUE: readonly Experiment[] = [
  postgresLatency, postgresOutage, nsqdStopped, nsqdKilled, workerKilled,
  endpointHangs, endpointErrors, receiverResets, relayKilled, lowBandwidth,
];

export function findExperiment(name: string): Experiment | undefined {
  return CATALOGUE.find((experiment) => experiment.name === name);
}
