import type { Experiment } from '../src/experiment.ts';
import { everyPublishAccepted } from '../src/hypothesis.ts';

export const experiment: Experiment = {
  name: 'nsqd-killed',
  title: 'nsqd killed with SIGKILL, its messages lost, then restarted',
  hypothesis: [
    'Before: deliveries flow through nsqd.',
    'During: the messages nsqd held in memory and in flight are gone; the api keeps '
      + 'accepting events.',
    'After: the relay publishes deliveries whose queued lease expired again (RELAY_QUEUED_LEASE, '
      + '10 s in the lab), so every accepted delivery arrives.',
  ],
  fault: {
    description: 'nsqd killed (SIGKILL), started again after the fault\'s duration',
    durationSeconds: 5,
    async inject({ lab }) {
      await lab.nsqd.kill();
    },
    async remove({ lab }) {
      await lab.nsqd.start();
    },
  },
  // The lab's queued lease (10 s) plus a housekeeping round and the backlog's drain.
  maxRecoverySeconds: 30,
  checks: (run) => [everyPublishAccepted(run)],
};
