import { setTimeout as sleep } from 'node:timers/promises';
import type { Experiment } from '../src/experiment.ts';
import { check, everyPublishAccepted } from '../src/hypothesis.ts';

/** Long enough for a few dozen messages to wait in nsqd's memory when it is killed. */
const PILE_UP_MS = 2_000;

export const experiment: Experiment = {
  name: 'nsqd-killed',
  title: 'nsqd killed with SIGKILL, its messages lost, then restarted',
  hypothesis: [
    'Before: deliveries flow through nsqd.',
    'During: the workers are cut off from nsqd for two seconds so that messages wait in its '
      + 'memory, then nsqd is killed and they are gone; the api keeps accepting events.',
    'After: housekeeping puts the lost deliveries back when their queued lease expires '
      + '(RELAY_QUEUED_LEASE, 10 s in the lab) and the relay publishes them again: every '
      + 'accepted delivery arrives.',
  ],
  fault: {
    description: 'workers cut off from nsqd for 2 s, then nsqd killed (SIGKILL); started again '
      + 'and the workers reconnected after the fault\'s duration',
    durationSeconds: 6,
    async inject({ lab, note }) {
      await lab.links['worker-nsqd-tcp'].disable();
      await sleep(PILE_UP_MS);
      note('killing nsqd with messages in memory');
      await lab.nsqd.kill();
    },
    async remove({ lab }) {
      await lab.nsqd.start();
      await lab.links['worker-nsqd-tcp'].enable();
    },
  },
  // The lab's queued lease (10 s) plus a housekeeping round and the backlog's drain.
  maxRecoverySeconds: 30,
  checks: (run) => [
    everyPublishAccepted(run),
    check('the fault was felt: messages lost with nsqd came back through their lease',
      run.leasesRecovered.queued > 0, `${run.leasesRecovered.queued} queued deliveries put `
        + 'back by housekeeping after their lease expired'),
  ],
};
