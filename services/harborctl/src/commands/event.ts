import { idSegment } from '../client.ts';
import type { Command, CommandContext } from '../command.ts';
import { EXIT, UsageError } from '../errors.ts';
import { atMostOne, requiredFlag, stringFlag, timeRangeFlags } from '../flags.ts';
import { isRow, type Row } from '../output.ts';
import { LIST_OPTIONS, printList } from '../pagination.ts';
import { readBodyFile } from '../payload-input.ts';
import { printResource } from '../resource.ts';
import { deliveryColumns, EVENT_COLUMNS } from '../views.ts';

const EXAMPLE_ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';

function eventId(ctx: CommandContext): string {
  return idSegment('event', ctx.args[0] ?? '');
}

const publish: Command = {
  name: 'event publish',
  summary: 'Publish one event',
  usage: '--type TYPE (--data JSON | --file PATH | --file -) [--idempotency-key KEY]',
  description: 'The payload is the request body, sent byte for byte as given: harborctl does not '
    + 'parse or reformat it, and every endpoint receives exactly these bytes. Use --file for '
    + 'payloads whose exact bytes matter (--data passes through the shell and is sent as UTF-8).'
    + '\n\nWith --idempotency-key, publishing the same key and payload again returns the first '
    + 'event (duplicate: true) instead of delivering it twice.',
  options: {
    type: { type: 'string', value: 'TYPE', help: 'the event type, e.g. order.created' },
    data: { type: 'string', value: 'JSON', help: 'the payload, inline' },
    file: { type: 'string', value: 'PATH', help: 'read the payload from a file; - for stdin' },
    'idempotency-key': {
      type: 'string',
      value: 'KEY',
      help: 'makes retries of this publish safe',
    },
  },
  examples: [
    'harborctl event publish --type order.created --data \'{"orderId":"o_42","total":1999}\'',
    'harborctl event publish --type order.created --file order.json --idempotency-key o_42',
    'jq -c . order.json | harborctl event publish --type order.created --file -',
  ],
  async run(ctx) {
    const type = requiredFlag(ctx.values, 'type', this.name);
    atMostOne(ctx.values, ['data', 'file'], this.name);
    const data = stringFlag(ctx.values, 'data');
    const file = stringFlag(ctx.values, 'file');
    let body: Buffer;
    if (data !== undefined) body = Buffer.from(data, 'utf8');
    else if (file !== undefined) body = await readBodyFile(file, ctx.io.stdin, this.name);
    else throw new UsageError('give the payload with --data or --file', this.name);

    const key = stringFlag(ctx.values, 'idempotency-key');
    const res = await ctx.client().callJson({
      method: 'POST',
      path: '/v1/events',
      body,
      headers: {
        'Harborhook-Event-Type': type,
        ...(key === undefined ? {} : { 'Idempotency-Key': key }),
      },
    });
    printResource(ctx, res);
    if (isRow(res.value) && res.value.duplicate === true) {
      ctx.out.note('Duplicate: this idempotency key was already used; '
        + 'the event above is the original and nothing new will be delivered.');
    }
  },
};

/** A rejected batch item's reason, as `code: message`. */
function batchError(row: Row): string | undefined {
  if (isRow(row.error) && typeof row.error.code === 'string') {
    return typeof row.error.message === 'string'
      ? `${row.error.code}: ${row.error.message}`
      : row.error.code;
  }
  return row.status === 'rejected' ? 'rejected' : undefined;
}

const publishBatch: Command = {
  name: 'event publish-batch',
  summary: 'Publish several events in one request',
  usage: '--file PATH | --file -',
  description: 'The file is the request body, sent unchanged: '
    + '{"events": [{"type": "...", "payload": {...}, "idempotencyKey": "..."}, ...]}. '
    + 'Each payload is stored with the exact bytes it has in the file.\n\n'
    + 'Each event is checked and published on its own: the API answers with one result per '
    + 'event (accepted, duplicate or rejected). harborctl prints them all and then exits with 1 '
    + 'if any event was rejected.',
  options: {
    file: { type: 'string', value: 'PATH', help: 'the batch request body; - for stdin' },
  },
  examples: [
    'harborctl event publish-batch --file batch.json',
    'harborctl event publish-batch --file - --output json < batch.json',
  ],
  async run(ctx) {
    const file = requiredFlag(ctx.values, 'file', this.name);
    const body = await readBodyFile(file, ctx.io.stdin, this.name);
    const res = await ctx.client().callJson({ method: 'POST', path: '/v1/events/batch', body });
    const results = isRow(res.value) && Array.isArray(res.value.results)
      ? res.value.results.filter(isRow)
      : [];
    const failed = results.filter((row) => batchError(row) !== undefined).length;

    if (ctx.out.format === 'json') {
      ctx.out.jsonBytes(res.body);
    } else {
      ctx.out.table(results, [
        { header: '#', field: 'index' },
        { header: 'STATUS', field: 'status' },
        { header: 'ID', field: 'id' },
        { header: 'DELIVERIES', field: 'deliveryCount' },
        // The last column: a long reason cannot push others out of line, so it is kept whole.
        { header: 'ERROR', field: batchError },
      ]);
      const duplicates = results.filter((row) => row.status === 'duplicate').length;
      ctx.out.note(`${results.length - failed - duplicates} accepted, ${duplicates} duplicate, `
        + `${failed} rejected.`);
    }
    return failed > 0 ? EXIT.api : EXIT.ok;
  },
};

const list: Command = {
  name: 'event list',
  summary: 'List events, newest first',
  usage: '[--type TYPE] [--since TIME] [--until TIME] [--limit N] [--cursor CURSOR] [--all]',
  description: 'TIME is an ISO 8601 timestamp (2026-01-31T12:00:00Z) or an age such as 30m, '
    + '2h or 7d, meaning that long ago.',
  options: {
    type: { type: 'string', value: 'TYPE', help: 'only events of this type' },
    since: { type: 'string', value: 'TIME', help: 'only events created at or after TIME' },
    until: { type: 'string', value: 'TIME', help: 'only events created before TIME' },
    ...LIST_OPTIONS,
  },
  examples: [
    'harborctl event list --type order.created --since 1h',
    'harborctl event list --since 2026-01-31T00:00:00Z --all --output json',
  ],
  async run(ctx) {
    await printList(ctx, {
      request: {
        method: 'GET',
        path: '/v1/events',
        query: {
          type: stringFlag(ctx.values, 'type'),
          ...timeRangeFlags(ctx.values, ctx.io.now()),
        },
      },
      columns: EVENT_COLUMNS,
      noun: 'events',
      command: this.name,
    });
  },
};

const get: Command = {
  name: 'event get',
  summary: 'Show one event and its deliveries',
  usage: 'ID',
  args: ['ID'],
  examples: [`harborctl event get ${EXAMPLE_ID}`],
  async run(ctx) {
    const res = await ctx.client().callJson({ method: 'GET', path: `/v1/events/${eventId(ctx)}` });
    printResource(ctx, res, [
      { field: 'deliveries', title: 'Deliveries', columns: deliveryColumns('event') },
    ]);
  },
};

const payload: Command = {
  name: 'event payload',
  summary: 'Write an event\'s payload to stdout, byte for byte',
  usage: 'ID',
  description: 'Writes the stored bytes unchanged (no newline is added), whatever --output says, '
    + 'so the result can be compared with or signed like the original.',
  args: ['ID'],
  examples: [
    `harborctl event payload ${EXAMPLE_ID} > payload.json`,
    `harborctl event payload ${EXAMPLE_ID} | jq .`,
  ],
  async run(ctx) {
    const res = await ctx.client().call({
      method: 'GET',
      path: `/v1/events/${eventId(ctx)}/payload`,
      headers: { accept: '*/*' },
    });
    ctx.out.raw(res.body);
  },
};

export const EVENT_COMMANDS: readonly Command[] = [publish, publishBatch, list, get, payload];
