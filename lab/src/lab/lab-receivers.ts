import { Receiver } from '../receivers/receiver.ts';
import type { LabOptions, LabReceiver } from './lab.ts';
import type { Teardown } from './teardown.ts';
import type { ToxiproxyLink } from './toxiproxy-link.ts';

/**
 * Starts one receiver per behaviour, each closed on teardown, behind the link `linkTo`
 * creates for it (a runtime's receivers are reached in different ways).
 */
export async function startLabReceivers(teardown: Teardown,
  behaviours: NonNullable<LabOptions['receivers']>,
  linkTo: (receiver: Receiver, index: number) => Promise<ToxiproxyLink>):
  Promise<LabReceiver[]> {
  const receivers: LabReceiver[] = [];
  for (const [index, behaviour] of behaviours.entries()) {
    const receiver = await Receiver.start(behaviour);
    teardown.add(`close receiver ${index}`, () => receiver.close());
    const link = await linkTo(receiver, index);
    receivers.push({
      receiver,
      link,
      url: (path = '/webhooks') =>
        `http://${link.listen}${path.startsWith('/') ? path : `/${path}`}`,
    });
  }
  return receivers;
}
