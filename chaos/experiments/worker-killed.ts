import type { Experiment } from '../src/experiment.ts';
import { check, faultWindow } from '../src/hypothesis.ts';
import { arrivalSecond } from '../src/run/run-record.ts';

export const experiment: Experiment = {
  name: 'worker-killed',
  title: 'A worker killed with SIGKILL in the middle of deliveries',
  hypothesis: [
    'Before: two workers share the deliveries.',
    'During: the other worker keeps delivering; nsqd hands it the dead worker\'s unfinished '
      + 'messages when the connection drops.',
    'After: attempts the dead worker had claimed come back when their lease expires '
      + '(WORKER_ATTEMPT_LEASE, 6 s in the lab); the worker is started again; all arrive, '
      + 'some perhaps twice with the same webhook-id.',
  ],
  // Receivers that take 250 ms, so each worker has attempts in flight when it dies.
  lab: { workers: 2, receivers: [{ kind: 'slow', delayMs: 250 }, { kind: 'slow', delayMs: 250 },
    { kind: 'slow', delayMs: 250 }] },
  fault: {
    description: 'worker 1 of 2 killed (SIGKILL) and started again after the fault',
    durationSeconds: 10,
    async inject({ lab }) {
      await lab.services.workers[0]?.kill();
    },
    async remove({ lab }) {
      await lab.services.workers[0]?.start();
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const [from, to] = faultWindow(run);
    const seconds = new Set(run.received.map((r) => Math.floor(arrivalSecond(run, r.request)))
      .filter((s) => s >= from + 1 && s < to));
    const expected = Math.max(0, to - from - 1);
    return [
      check('the surviving worker kept delivering through the fault',
        seconds.size >= expected, `webhooks arrived in ${seconds.size} of the ${expected} whole `
          + 'seconds of the fault'),
      check('the fault was felt: attempts cut short came back through their lease',
        run.leasesRecovered.attempting > 0, `${run.leasesRecovered.attempting} attempting `
          + 'deliveries put back by housekeeping after the dead worker\'s lease expired'),
    ];
  },
};
