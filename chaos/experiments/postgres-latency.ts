import type { Experiment } from '../src/experiment.ts';
import { check, faultWindow, ms, publishLatencyIn, steadyWindow } from '../src/hypothesis.ts';
import { percentile } from '../src/run/run-record.ts';

const LINKS = ['api-postgres', 'relay-postgres', 'worker-postgres'] as const;
const LATENCY_MS = 200;

export const experiment: Experiment = {
  name: 'postgres-latency',
  title: 'Postgres answers 200 ms late each way, under steady load',
  hypothesis: [
    'Before: publishes are accepted and deliveries arrive within a second.',
    'During: every publish is still accepted, only slower; deliveries keep arriving.',
    'After: latency returns to its steady level and nothing is lost.',
  ],
  // Each publish makes about eight round trips to Postgres: 400 ms each under the fault.
  ratePerSecond: 5,
  lab: { env: { api: { DATABASE_POOL_MAX: '40' } } },
  fault: {
    description: `${LATENCY_MS} ms latency each way on every service's Postgres link`,
    durationSeconds: 20,
    async inject({ lab }) {
      await Promise.all(LINKS.map((name) => lab.links[name].addToxic(
        { type: 'latency', latencyMs: LATENCY_MS, stream: 'both', name: 'slow-db' })));
    },
    async remove({ lab }) {
      await Promise.all(LINKS.map((name) => lab.links[name].clearToxics()));
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const steady = percentile(publishLatencyIn(run, steadyWindow(run)), 50);
    const during = percentile(publishLatencyIn(run, faultWindow(run)), 50);
    const errors = run.publishes.filter((p) => p.status !== 202).length;
    return [
      check('the fault was felt: publishes slowed down', during > steady + 2 * LATENCY_MS,
        `publish p50 ${ms(steady)} before the fault, ${ms(during)} during it`),
      check('every publish accepted despite the latency', errors === 0,
        `${errors} of ${run.publishes.length} publishes not answered 202`),
    ];
  },
};
