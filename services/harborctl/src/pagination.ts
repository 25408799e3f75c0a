import type { ApiRequest } from './client.ts';
import type { CommandContext, OptionSpec } from './command.ts';
import { ApiError } from './errors.ts';
import { booleanFlag, positiveIntFlag, stringFlag } from './flags.ts';
import { isRow, type Column, type Row } from './output.ts';

/** The flags every `list` command shares. */
export const LIST_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  limit: { type: 'string', value: 'N', help: 'items per page (the API caps it)' },
  cursor: { type: 'string', value: 'CURSOR', help: 'start at this page (from a previous list)' },
  all: { type: 'boolean', help: 'follow nextCursor until the last page' },
};

interface Page {
  data: Row[];
  nextCursor: string | undefined;
}

function toPage(value: unknown): Page {
  // Lists are {data, nextCursor}; a bare array is taken as one complete page.
  const data: unknown = Array.isArray(value) ? value : isRow(value) ? value.data : undefined;
  if (!Array.isArray(data)) {
    throw new ApiError(200, 'HARBORCTL_BAD_RESPONSE', 'the API answered a list without "data"');
  }
  const next = isRow(value) ? value.nextCursor : undefined;
  return {
    data: data.filter(isRow),
    nextCursor: typeof next === 'string' && next !== '' ? next : undefined,
  };
}

export interface ListSpec {
  /** The request without paging parameters. */
  request: ApiRequest;
  columns: readonly Column[];
  /** Plural noun for the empty-result remark, e.g. `endpoints`. */
  noun: string;
  /** The command, for usage errors. */
  command: string;
}

/**
 * Runs a list request and prints it. One page: the API's JSON verbatim, or a table with a hint
 * for the next page. `--all`: every page, printed as one table or as one JSON document
 * `{"data": [...], "nextCursor": null}`.
 */
export async function printList(ctx: CommandContext, spec: ListSpec): Promise<void> {
  const limit = positiveIntFlag(ctx.values, 'limit', spec.command);
  const all = booleanFlag(ctx.values, 'all');
  let cursor = stringFlag(ctx.values, 'cursor');
  const rows: Row[] = [];
  const seen = new Set<string>();

  for (;;) {
    const res = await ctx.client().callJson({
      ...spec.request,
      query: { ...spec.request.query, limit: limit?.toString(), cursor },
    });
    const page = toPage(res.value);
    if (!all) {
      if (ctx.out.format === 'json') {
        ctx.out.jsonBytes(res.body);
        return;
      }
      printRows(ctx, spec, page.data);
      if (page.nextCursor !== undefined) {
        ctx.out.note(`More ${spec.noun}: add --cursor ${page.nextCursor} (or --all)`);
      }
      return;
    }
    rows.push(...page.data);
    if (page.nextCursor === undefined) break;
    // A cursor that comes back would loop forever; better to stop with what we have.
    if (seen.has(page.nextCursor)) {
      throw new ApiError(200, 'HARBORCTL_BAD_RESPONSE',
        `the API returned cursor ${page.nextCursor} twice`);
    }
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }

  if (ctx.out.format === 'json') ctx.out.jsonValue({ data: rows, nextCursor: null });
  else printRows(ctx, spec, rows);
}

function printRows(ctx: CommandContext, spec: ListSpec, rows: readonly Row[]): void {
  if (rows.length === 0) ctx.out.note(`No ${spec.noun} found.`);
  else ctx.out.table(rows, spec.columns);
}
