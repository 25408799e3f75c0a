/**
 * Every dependency link the lab puts a Toxiproxy proxy on. A link is one kind of connection,
 * shared by every process of that kind: all workers reach Postgres through `worker-postgres`.
 * Each receiver gets its own link, `worker-receiver-<index>`, so one endpoint can be broken
 * while the others stay healthy.
 */
export const DEPENDENCY_LINKS = {
  'api-postgres': 'the api\'s database connections',
  'relay-postgres': 'the relay\'s database connections',
  'relay-nsqd-http': 'the relay\'s /mpub publishes and topic creation (nsqd HTTP)',
  'worker-postgres': 'the workers\' database connections',
  'worker-nsqd-tcp': 'the workers\' NSQ consumer connections (nsqd TCP)',
} as const;

export type DependencyLinkName = keyof typeof DEPENDENCY_LINKS;

/** The link in front of receiver `index` (counting from 0). */
export type ReceiverLinkName = `worker-receiver-${number}`;

export type LinkName = DependencyLinkName | ReceiverLinkName;

export function receiverLinkName(index: number): ReceiverLinkName {
  return `worker-receiver-${index}`;
}

export const DEPENDENCY_LINK_NAMES = Object.keys(DEPENDENCY_LINKS) as DependencyLinkName[];
