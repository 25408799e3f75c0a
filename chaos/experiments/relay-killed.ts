import type { Experiment } from '../src/experiment.ts';
import { backlogRose, everyPublishAccepted } from '../src/hypothesis.ts';

export const experiment: Experiment = {
  name: 'relay-killed',
  title: 'The relay killed and restarted',
  hypothesis: [
    'Before: the relay moves due deliveries into nsqd within tens of milliseconds.',
    'During: nothing moves deliveries into nsqd; the api keeps accepting events, which wait '
      + 'in Postgres.',
    'After: the restarted relay publishes the backlog; a batch it had marked queued but not '
      + 'published comes back when its lease expires (10 s in the lab); all arrive.',
  ],
  fault: {
    description: 'the relay killed (SIGKILL), started again after the fault',
    durationSeconds: 10,
    async inject({ lab }) {
      await lab.services.relay.kill();
    },
    async remove({ lab }) {
      await lab.services.relay.start();
    },
  },
  maxRecoverySeconds: 25,
  checks: (run) => [everyPublishAccepted(run), backlogRose(run)],
};
