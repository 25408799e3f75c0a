import type { Experiment } from '../src/experiment.ts';
import { receiverLinkName } from '@harborhook/lab/lab/link-catalogue';
import { check, endToEndIn, faultWindow, ms, steadyWindow } from '../src/hypothesis.ts';
import { percentile } from '../src/run/run-record.ts';

const RATE_KBPS = 2;

export const experiment: Experiment = {
  name: 'low-bandwidth',
  title: 'Low bandwidth between the workers and the receivers',
  hypothesis: [
    'Before: webhooks arrive within a second.',
    `During: each connection to a receiver carries ${RATE_KBPS} KB/s each way, so every `
      + 'webhook (about 1 KB with its headers) takes about half a second to send; deliveries '
      + 'slow down but keep arriving.',
    'After: latency returns to its steady level; nothing is lost or altered.',
  ],
  fault: {
    description: `bandwidth limited to ${RATE_KBPS} KB/s each way on every receiver link`,
    durationSeconds: 15,
    async inject({ lab }) {
      await Promise.all(lab.receivers.map((_, i) => lab.link(receiverLinkName(i)).addToxic(
        { type: 'bandwidth', rateKBps: RATE_KBPS, stream: 'both', name: 'thin' })));
    },
    async remove({ lab }) {
      await Promise.all(lab.receivers.map((_, i) => lab.link(receiverLinkName(i))
        .clearToxics()));
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const steady = percentile(endToEndIn(run, steadyWindow(run)), 50);
    const during = percentile(endToEndIn(run, faultWindow(run)), 50);
    return [check('the fault was felt: webhooks took longer to arrive', during > steady + 100,
      `publish-to-arrival p50 ${ms(steady)} before the fault, ${ms(during)} during it`)];
  },
};
