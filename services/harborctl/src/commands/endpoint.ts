import { idSegment } from '../client.ts';
import type { Command, CommandContext, OptionSpec, OptionValues } from '../command.ts';
import { UsageError } from '../errors.ts';
import { booleanFlag, listFlag, requiredFlag, stringFlag } from '../flags.ts';
import { isRow } from '../output.ts';
import { LIST_OPTIONS, printList } from '../pagination.ts';
import { printResource } from '../resource.ts';
import { ENDPOINT_COLUMNS } from '../views.ts';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `--header 'Name: value'`, repeatable, into the API's `{name: value}` map. */
function headersFlag(values: OptionValues, command: string): Record<string, string> | undefined {
  const given = values.header;
  if (!Array.isArray(given)) return undefined;
  const headers: Record<string, string> = {};
  for (const item of given) {
    if (typeof item !== 'string') continue;
    const colon = item.indexOf(':');
    const name = colon < 0 ? '' : item.slice(0, colon).trim();
    if (!HEADER_NAME.test(name)) {
      throw new UsageError(`--header must look like "Name: value", not "${item}"`, command);
    }
    headers[name] = item.slice(colon + 1).trim();
  }
  return headers;
}

const ENDPOINT_FIELDS: Readonly<Record<string, OptionSpec>> = {
  url: { type: 'string', value: 'URL', help: 'where webhooks are POSTed' },
  'event-type': {
    type: 'string',
    multiple: true,
    value: 'TYPE',
    help: 'event type to subscribe to: exact (order.created), prefix (order.*) or *; '
      + 'repeat or comma-separate',
  },
  description: { type: 'string', value: 'TEXT', help: 'free text for people' },
  header: {
    type: 'string',
    multiple: true,
    value: '"NAME: VALUE"',
    help: 'extra header sent with every webhook; repeatable',
  },
};

function endpointId(ctx: CommandContext): string {
  return idSegment('endpoint', ctx.args[0] ?? '');
}

const create: Command = {
  name: 'endpoint create',
  summary: 'Register an endpoint and print its signing secret',
  usage: '--url URL --event-type TYPE [--event-type TYPE...] [flags]',
  description: 'Registers a URL that receives the events of the given types. The answer holds '
    + 'the endpoint\'s signing secret (whsec_...). It is shown only this once: store it where '
    + 'the receiver can read it to verify signatures.',
  options: {
    ...ENDPOINT_FIELDS,
    disabled: { type: 'boolean', help: 'create it disabled (no deliveries until enabled)' },
  },
  examples: [
    'harborctl endpoint create --url https://example.com/hooks --event-type "order.*"',
    'harborctl endpoint create --url https://example.com/hooks \\\n'
      + '    --event-type order.created,order.paid --description "orders service" \\\n'
      + '    --header "X-Team: payments"',
  ],
  async run(ctx) {
    const url = requiredFlag(ctx.values, 'url', this.name);
    const eventTypes = listFlag(ctx.values, 'event-type') ?? [];
    if (eventTypes.length === 0) throw new UsageError('--event-type is required', this.name);
    const description = stringFlag(ctx.values, 'description');
    const headers = headersFlag(ctx.values, this.name);
    const res = await ctx.client().callJson({
      method: 'POST',
      path: '/v1/endpoints',
      json: {
        url,
        ...(description === undefined ? {} : { description }),
        eventTypes,
        ...(headers === undefined ? {} : { headers }),
        ...(booleanFlag(ctx.values, 'disabled') ? { enabled: false } : {}),
      },
    });
    printResource(ctx, res, [], ['secret']);
    const secret = isRow(res.value) ? res.value.secret : undefined;
    if (ctx.out.format === 'table' && typeof secret === 'string') {
      ctx.out.line();
      ctx.out.line('Signing secret (shown only this once; store it now):');
      ctx.out.line();
      ctx.out.line(`  ${secret}`);
    }
  },
};

const list: Command = {
  name: 'endpoint list',
  summary: 'List endpoints',
  usage: '[--limit N] [--cursor CURSOR] [--all]',
  options: LIST_OPTIONS,
  examples: ['harborctl endpoint list', 'harborctl endpoint list --all --output json'],
  async run(ctx) {
    await printList(ctx, {
      request: { method: 'GET', path: '/v1/endpoints' },
      columns: ENDPOINT_COLUMNS,
      noun: 'endpoints',
      command: this.name,
    });
  },
};

const get: Command = {
  name: 'endpoint get',
  summary: 'Show one endpoint',
  usage: 'ID',
  args: ['ID'],
  examples: ['harborctl endpoint get 0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d'],
  async run(ctx) {
    const res = await ctx.client().callJson({
      method: 'GET',
      path: `/v1/endpoints/${endpointId(ctx)}`,
    });
    printResource(ctx, res);
  },
};

const update: Command = {
  name: 'endpoint update',
  summary: 'Change an endpoint\'s URL, event types, description or headers',
  usage: 'ID [--url URL] [--event-type TYPE...] [--description TEXT] [flags]',
  description: 'Only the fields given change. --event-type replaces the whole list of types and '
    + '--header replaces all headers; --clear-headers removes them.',
  args: ['ID'],
  options: {
    ...ENDPOINT_FIELDS,
    'clear-headers': { type: 'boolean', help: 'remove all extra headers' },
  },
  examples: [
    'harborctl endpoint update 0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d --url https://example.com/v2',
    'harborctl endpoint update 0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d \\\n'
      + '    --event-type "order.*" --event-type invoice.paid',
  ],
  async run(ctx) {
    const id = endpointId(ctx);
    const url = stringFlag(ctx.values, 'url');
    const description = stringFlag(ctx.values, 'description');
    const eventTypes = listFlag(ctx.values, 'event-type');
    let headers = headersFlag(ctx.values, this.name);
    if (booleanFlag(ctx.values, 'clear-headers')) {
      if (headers !== undefined) {
        throw new UsageError('--header and --clear-headers cannot be used together', this.name);
      }
      headers = {};
    }
    const changes = {
      ...(url === undefined ? {} : { url }),
      ...(description === undefined ? {} : { description }),
      ...(eventTypes === undefined ? {} : { eventTypes }),
      ...(headers === undefined ? {} : { headers }),
    };
    if (Object.keys(changes).length === 0) {
      throw new UsageError('nothing to change: give --url, --event-type, --description, '
        + '--header or --clear-headers', this.name);
    }
    const res = await ctx.client().callJson({
      method: 'PATCH',
      path: `/v1/endpoints/${id}`,
      json: changes,
    });
    printResource(ctx, res);
  },
};

function toggle(verb: 'disable' | 'enable', summary: string): Command {
  return {
    name: `endpoint ${verb}`,
    summary,
    usage: 'ID',
    args: ['ID'],
    examples: [`harborctl endpoint ${verb} 0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d`],
    async run(ctx) {
      const res = await ctx.client().callJson({
        method: 'POST',
        path: `/v1/endpoints/${endpointId(ctx)}/${verb}`,
      });
      printResource(ctx, res);
    },
  };
}

const remove: Command = {
  name: 'endpoint delete',
  summary: 'Delete an endpoint (asks for --yes)',
  usage: 'ID --yes',
  description: 'Deletes the endpoint: it receives no further deliveries. --yes confirms; '
    + 'without it nothing is sent.',
  args: ['ID'],
  options: { yes: { type: 'boolean', help: 'confirm the deletion' } },
  examples: ['harborctl endpoint delete 0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d --yes'],
  async run(ctx) {
    const id = endpointId(ctx);
    if (!booleanFlag(ctx.values, 'yes')) {
      throw new UsageError(`add --yes to delete endpoint ${id}`, this.name);
    }
    const res = await ctx.client().callJson({ method: 'DELETE', path: `/v1/endpoints/${id}` });
    if (ctx.out.format === 'json') ctx.out.jsonBytes(res.body);
    else ctx.out.line(`Deleted endpoint ${id}.`);
  },
};

export const ENDPOINT_COMMANDS: readonly Command[] = [
  create,
  list,
  get,
  update,
  toggle('disable', 'Stop deliveries to an endpoint'),
  toggle('enable', 'Resume deliveries to an endpoint'),
  remove,
];
