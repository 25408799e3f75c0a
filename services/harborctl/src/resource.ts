import type { JsonResponse } from './client.ts';
import type { CommandContext } from './command.ts';
import { isRow, type Column } from './output.ts';

/** A list inside a resource (an event's deliveries), shown as its own table. */
export interface NestedTable {
  field: string;
  title: string;
  columns: readonly Column[];
}

/**
 * Prints one resource: the API's JSON verbatim, or its fields as `name  value` lines followed
 * by a table for each nested list.
 */
export function printResource(ctx: CommandContext, res: JsonResponse,
  nested: readonly NestedTable[] = [], omit: readonly string[] = []): void {
  if (ctx.out.format === 'json') {
    ctx.out.jsonBytes(res.body);
    return;
  }
  const value = res.value;
  if (!isRow(value)) {
    if (value !== undefined) ctx.out.jsonValue(value);
    return;
  }
  ctx.out.detail(value, [...omit, ...nested.map((n) => n.field)]);
  for (const table of nested) {
    const items = value[table.field];
    if (!Array.isArray(items)) continue;
    ctx.out.line();
    ctx.out.line(`${table.title} (${items.length}):`);
    if (items.length > 0) ctx.out.table(items.filter(isRow), table.columns);
  }
}
