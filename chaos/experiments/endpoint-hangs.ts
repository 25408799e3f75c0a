import type { Experiment } from '../src/experiment.ts';
import { check, endToEndIn, faultWindow, ms, steadyWindow } from '../src/hypothesis.ts';
import { percentile } from '../src/run/run-record.ts';

const HEALTHY = [1, 2];

export const experiment: Experiment = {
  name: 'endpoint-hangs',
  title: 'One endpoint hangs (timeouts) while the others are healthy',
  hypothesis: [
    'Before: all three endpoints get their webhooks within a second.',
    'During: endpoint 0 never answers; its attempts time out (DELIVERY_TIMEOUT, 3 s in the '
      + 'lab) and its circuit opens; endpoints 1 and 2 keep their latency.',
    'After: endpoint 0 answers again and gets everything it missed.',
  ],
  lab: { receivers: [{ kind: 'succeed' }, { kind: 'succeed' }, { kind: 'succeed' }] },
  fault: {
    description: 'receiver 0 reads each request and never answers',
    durationSeconds: 20,
    async inject({ lab }) {
      lab.receivers[0]?.receiver.setBehaviour({ kind: 'hang' });
    },
    async remove({ lab }) {
      lab.receivers[0]?.receiver.setBehaviour({ kind: 'succeed' });
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const steady = percentile(endToEndIn(run, steadyWindow(run), HEALTHY), 99);
    const during = percentile(endToEndIn(run, faultWindow(run), HEALTHY), 99);
    const limit = Math.max(3 * steady, steady + 1_000);
    const timeouts = run.attemptsByClass.timeout ?? 0;
    return [
      check('the fault was felt: attempts to endpoint 0 timed out', timeouts > 0,
        `${timeouts} attempts ended in a timeout`),
      check('the hanging endpoint\'s circuit opened: its deliveries waited without attempts',
        run.circuitDeferrals > 0, `${run.circuitDeferrals} deliveries put back uncounted while `
          + 'a circuit was open (harborhook_endpoint_deferrals_total{reason="circuit_open"})'),
      check('the healthy endpoints kept their latency', during <= limit,
        `healthy endpoints' publish-to-arrival p99: ${ms(steady)} before, ${ms(during)} during `
        + `(limit ${ms(limit)})`),
    ];
  },
};
