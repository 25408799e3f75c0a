import { Histogram, type Registry } from 'prom-client';

export const GROUP_STATEMENT_OUTCOMES = ['committed', 'failed'] as const;
export type GroupStatementOutcome = typeof GROUP_STATEMENT_OUTCOMES[number];

/** Half a millisecond to the statement timeout: most groups take about one millisecond. */
const GROUP_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
  5, 15];
const GROUP_EVENTS_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/**
 * Where a publish's time goes in the group commit (publish/group-commit.ts): waiting for its
 * group to start, and the group's statement. Set beside harborhook_publish_duration_seconds,
 * they tell a slow database from a long queue, and show what PUBLISH_GROUP_STALL changes.
 */
export interface GroupCommitMetrics {
  /** Per event: from joining the queue to its group's statement being sent. */
  queueWait: Histogram;
  /** Per statement: from being sent to its answer, by outcome. */
  statementDuration: Histogram<'outcome'>;
  /** Per statement: the events it stored (or tried to). */
  groupEvents: Histogram;
}

export function createGroupCommitMetrics(registry: Registry): GroupCommitMetrics {
  const registers = [registry];
  const metrics: GroupCommitMetrics = {
    queueWait: new Histogram({ name: 'harborhook_publish_queue_wait_seconds',
      help: 'Time a publish waited for its group commit to start',
      buckets: GROUP_SECONDS_BUCKETS, registers }),
    statementDuration: new Histogram({ name: 'harborhook_publish_group_duration_seconds',
      help: 'Duration of one group commit statement, by outcome',
      labelNames: ['outcome'], buckets: GROUP_SECONDS_BUCKETS, registers }),
    groupEvents: new Histogram({ name: 'harborhook_publish_group_events',
      help: 'Events stored by one group commit statement',
      buckets: GROUP_EVENTS_BUCKETS, registers }),
  };
  for (const outcome of GROUP_STATEMENT_OUTCOMES) metrics.statementDuration.zero({ outcome });
  return metrics;
}
