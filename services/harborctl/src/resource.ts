import type { JsonResponse } from './client.ts';
import type { CommandContext } from './command.ts';
import { isRow, type Column } from './output.ts';

/**
 * A part of a resource shown on its own after the other fields: a list (an event's deliveries)
 * as a table, an object (the delivery a replay created) as `name  value` lines.
 */
export interface NestedPart {
  field: string;
  title: string;
  /** The table's columns, for a list. */
  columns?: readonly Column[];
}

/**
 * Prints one resource: the API's JSON verbatim, or its fields as `name  value` lines followed
 * by each nested part.
 */
export function printResource(ctx: CommandContext, res: JsonResponse,
  nested: readonly NestedPart[] = [], omit: readonly string[] = []): void {
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
  for (const part of nested) {
    const item = value[part.field];
    if (Array.isArray(item) && part.columns !== undefined) {
      ctx.out.line();
      ctx.out.line(`${part.title} (${item.length}):`);
      if (item.length > 0) ctx.out.table(item.filter(isRow), part.columns);
    } else if (isRow(item)) {
      ctx.out.line();
      ctx.out.line(`${part.title}:`);
      ctx.out.detail(item);
    }
  }
}
