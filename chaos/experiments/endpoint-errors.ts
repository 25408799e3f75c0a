import type { Experiment } from '../src/experiment.ts';
import { check } from '../src/hypothesis.ts';

export const experiment: Experiment = {
  name: 'endpoint-errors',
  title: 'One endpoint answers 500 for a while, then recovers',
  hypothesis: [
    'Before: every endpoint answers 200.',
    'During: endpoint 0 answers 500 to everything; its deliveries are retried and its circuit '
      + 'opens, so they wait instead of spending their retries; the others are unaffected.',
    'After: endpoint 0 answers 200 again and the retries deliver everything: none dead.',
  ],
  fault: {
    description: 'receiver 0 answers 500 to every request',
    durationSeconds: 20,
    async inject({ lab }) {
      lab.receivers[0]?.receiver.setBehaviour({ kind: 'status', status: 500 });
    },
    async remove({ lab }) {
      lab.receivers[0]?.receiver.setBehaviour({ kind: 'succeed' });
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const failed = run.attemptsByClass.http_5xx ?? 0;
    const retried = run.deliveries.filter((d) => d.attemptCount > 1).length;
    return [
      check('the fault was felt: attempts failed with 5xx and were retried',
        failed > 0 && retried > 0, `${failed} attempts answered 5xx; ${retried} deliveries `
          + 'needed more than one attempt'),
      check('the failing endpoint\'s circuit opened: its deliveries waited without attempts',
        run.circuitDeferrals > 0, `${run.circuitDeferrals} deliveries put back uncounted while `
          + 'a circuit was open'),
    ];
  },
};
