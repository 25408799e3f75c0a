import type { Experiment } from '../src/experiment.ts';
import { receiverLinkName } from '@harborhook/lab/lab/link-catalogue';
import { check } from '../src/hypothesis.ts';

export const experiment: Experiment = {
  name: 'receiver-resets',
  title: 'Connections to receivers reset at random',
  hypothesis: [
    'Before: webhooks arrive once each.',
    'During: about a third of the connections to each receiver are reset (TCP RST) when the '
      + 'answer comes back, after the receiver has taken the request; the worker sees a '
      + 'connection error and retries.',
    'After: everything is delivered; a receiver may have seen a webhook twice, always with the '
      + 'same webhook-id, which is how it deduplicates.',
  ],
  fault: {
    description: 'reset_peer on the answers of 30 % of connections on every receiver link',
    durationSeconds: 15,
    async inject({ lab }) {
      await Promise.all(lab.receivers.map((_, i) => lab.link(receiverLinkName(i)).addToxic(
        { type: 'reset_peer', timeoutMs: 0, toxicity: 0.3, name: 'resets' })));
    },
    async remove({ lab }) {
      await Promise.all(lab.receivers.map((_, i) => lab.link(receiverLinkName(i))
        .clearToxics()));
    },
  },
  maxRecoverySeconds: 20,
  checks(run) {
    const resets = run.attemptsByClass.connection ?? 0;
    return [check('the fault was felt: attempts ended in connection errors', resets > 0,
      `${resets} attempts ended with a connection error`)];
  },
};
