import { idSegment } from '../client.ts';
import type { Command } from '../command.ts';
import { positiveIntFlag, requiredFlag, stringFlag, timeRangeFlags } from '../flags.ts';
import { LIST_OPTIONS, printList } from '../pagination.ts';
import { printResource } from '../resource.ts';
import { DEAD_LETTER_COLUMNS } from '../views.ts';

const EXAMPLE_ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const TIME_HELP = 'TIME is an ISO 8601 timestamp or an age such as 30m, 2h or 7d.';

const list: Command = {
  name: 'dlq list',
  summary: 'List dead deliveries (the dead-letter queue)',
  usage: '[--endpoint ID] [--since TIME] [--until TIME] [--limit N] [--cursor CURSOR] [--all]',
  description: 'Dead deliveries are those that failed for good: a permanent 4xx answer or the '
    + `last retry failed. ${TIME_HELP}`,
  options: {
    endpoint: { type: 'string', value: 'ID', help: 'only deliveries to this endpoint' },
    since: { type: 'string', value: 'TIME', help: 'only those that died at or after TIME' },
    until: { type: 'string', value: 'TIME', help: 'only those that died before TIME' },
    ...LIST_OPTIONS,
  },
  examples: [
    'harborctl dlq list',
    `harborctl dlq list --endpoint ${EXAMPLE_ID} --since 24h --all`,
  ],
  async run(ctx) {
    const endpoint = stringFlag(ctx.values, 'endpoint');
    await printList(ctx, {
      request: {
        method: 'GET',
        path: '/v1/dead-letters',
        query: {
          endpointId: endpoint === undefined ? undefined : idSegment('endpoint', endpoint),
          ...timeRangeFlags(ctx.values, ctx.io.now()),
        },
      },
      columns: DEAD_LETTER_COLUMNS,
      noun: 'dead deliveries',
      command: this.name,
    });
  },
};

const replay: Command = {
  name: 'dlq replay',
  summary: 'Replay the dead deliveries of an endpoint',
  usage: '--endpoint ID [--since TIME] [--until TIME] [--limit N]',
  description: 'Creates a new delivery for each dead delivery of the endpoint that died in the '
    + 'time range and was not replayed yet, up to --limit of them. Each carries the original '
    + `webhook-id and bytes, so receivers can drop ones they already processed. ${TIME_HELP}`,
  options: {
    endpoint: { type: 'string', value: 'ID', help: 'the endpoint whose dead deliveries to replay' },
    since: { type: 'string', value: 'TIME', help: 'only those that died at or after TIME' },
    until: { type: 'string', value: 'TIME', help: 'only those that died before TIME' },
    limit: { type: 'string', value: 'N', help: 'replay at most N deliveries' },
  },
  examples: [
    `harborctl dlq replay --endpoint ${EXAMPLE_ID}`,
    `harborctl dlq replay --endpoint ${EXAMPLE_ID} --since 6h --limit 500`,
  ],
  async run(ctx) {
    const endpointId = idSegment('endpoint', requiredFlag(ctx.values, 'endpoint', this.name));
    const limit = positiveIntFlag(ctx.values, 'limit', this.name);
    const res = await ctx.client().callJson({
      method: 'POST',
      path: '/v1/dead-letters/replay',
      json: {
        endpointId,
        ...timeRangeFlags(ctx.values, ctx.io.now()),
        ...(limit === undefined ? {} : { limit }),
      },
    });
    printResource(ctx, res);
  },
};

export const DLQ_COMMANDS: readonly Command[] = [list, replay];
