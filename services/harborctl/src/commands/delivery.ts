import { idSegment } from '../client.ts';
import type { Command, CommandContext } from '../command.ts';
import { UsageError } from '../errors.ts';
import { atMostOne, stringFlag } from '../flags.ts';
import { LIST_OPTIONS, printList } from '../pagination.ts';
import { printResource } from '../resource.ts';
import { ATTEMPT_COLUMNS, deliveryColumns } from '../views.ts';

const EXAMPLE_ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const STATUSES = 'scheduled, queued, attempting, delivered or dead';

function deliveryId(ctx: CommandContext): string {
  return idSegment('delivery', ctx.args[0] ?? '');
}

const list: Command = {
  name: 'delivery list',
  summary: 'List the deliveries of an event or of an endpoint',
  usage: '(--event ID | --endpoint ID [--status STATUS]) [--limit N] [--cursor CURSOR] [--all]',
  description: 'A delivery is one event for one endpoint. Give exactly one of --event and '
    + `--endpoint. STATUS is ${STATUSES}.`,
  options: {
    event: { type: 'string', value: 'ID', help: 'the deliveries of this event' },
    endpoint: { type: 'string', value: 'ID', help: 'the deliveries to this endpoint' },
    status: { type: 'string', value: 'STATUS', help: 'with --endpoint: only this status' },
    ...LIST_OPTIONS,
  },
  examples: [
    `harborctl delivery list --event ${EXAMPLE_ID}`,
    `harborctl delivery list --endpoint ${EXAMPLE_ID} --status dead --all`,
  ],
  async run(ctx) {
    atMostOne(ctx.values, ['event', 'endpoint'], this.name);
    const event = stringFlag(ctx.values, 'event');
    const endpoint = stringFlag(ctx.values, 'endpoint');
    const status = stringFlag(ctx.values, 'status');
    if (event !== undefined) {
      if (status !== undefined) {
        throw new UsageError('--status needs --endpoint (an event has few deliveries)',
          this.name);
      }
      await printList(ctx, {
        request: { method: 'GET', path: `/v1/events/${idSegment('event', event)}/deliveries` },
        columns: deliveryColumns('event'),
        noun: 'deliveries',
        command: this.name,
      });
      return;
    }
    if (endpoint === undefined) throw new UsageError('give --event or --endpoint', this.name);
    await printList(ctx, {
      request: {
        method: 'GET',
        path: `/v1/endpoints/${idSegment('endpoint', endpoint)}/deliveries`,
        query: { status },
      },
      columns: deliveryColumns('endpoint'),
      noun: 'deliveries',
      command: this.name,
    });
  },
};

const get: Command = {
  name: 'delivery get',
  summary: 'Show one delivery and its attempts',
  usage: 'ID',
  args: ['ID'],
  examples: [`harborctl delivery get ${EXAMPLE_ID}`],
  async run(ctx) {
    const res = await ctx.client().callJson({
      method: 'GET',
      path: `/v1/deliveries/${deliveryId(ctx)}`,
    });
    printResource(ctx, res, [{ field: 'attempts', title: 'Attempts', columns: ATTEMPT_COLUMNS }]);
  },
};

const attempts: Command = {
  name: 'delivery attempts',
  summary: 'List the attempts of one delivery, oldest first',
  usage: 'ID',
  description: 'Each attempt shows the receiver\'s status code or the error class, how long it '
    + 'took, and the start of the response body.',
  args: ['ID'],
  examples: [`harborctl delivery attempts ${EXAMPLE_ID}`],
  async run(ctx) {
    await printList(ctx, {
      request: { method: 'GET', path: `/v1/deliveries/${deliveryId(ctx)}/attempts` },
      columns: ATTEMPT_COLUMNS,
      noun: 'attempts',
      command: this.name,
    });
  },
};

const replay: Command = {
  name: 'delivery replay',
  summary: 'Deliver a dead delivery again',
  usage: 'ID',
  description: 'Creates a new delivery of the same event to the same endpoint, with the same '
    + 'webhook-id and the same bytes. Only a dead delivery can be replayed, and only once; if '
    + 'the replay dies too, replay that one.',
  args: ['ID'],
  examples: [`harborctl delivery replay ${EXAMPLE_ID}`],
  async run(ctx) {
    const res = await ctx.client().callJson({
      method: 'POST',
      path: `/v1/deliveries/${deliveryId(ctx)}/replay`,
    });
    printResource(ctx, res, [{ field: 'delivery', title: 'New delivery' }]);
  },
};

export const DELIVERY_COMMANDS: readonly Command[] = [list, get, attempts, replay];
