import type { Experiment } from '../src/experiment.ts';
import { backlogRose, everyPublishAccepted } from '../src/hypothesis.ts';

export const experiment: Experiment = {
  name: 'nsqd-stopped',
  title: 'nsqd stopped while events keep arriving, then started',
  hypothesis: [
    'Before: deliveries flow through nsqd.',
    'During: the api keeps accepting every event (it does not need nsqd); deliveries wait as '
      + 'scheduled rows in Postgres.',
    'After: nsqd is back, the relay publishes the backlog, workers reconnect, all arrive.',
  ],
  fault: {
    description: 'nsqd stopped gracefully (SIGTERM), then started again',
    durationSeconds: 20,
    async inject({ lab }) {
      await lab.nsqd.stop();
    },
    async remove({ lab }) {
      await lab.nsqd.start();
    },
  },
  maxRecoverySeconds: 30,
  checks: (run) => [everyPublishAccepted(run), backlogRose(run)],
};
