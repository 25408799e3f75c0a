import { parser } from '@prometheus-io/lezer-promql';

/**
 * Where a PromQL expression stops parsing, as `at <offset>: <text>`, or undefined when it parses.
 * The lezer grammar recovers from errors, so an error node in the tree is the only sign.
 */
export function findSyntaxError(expr: string): string | undefined {
  let found: string | undefined;
  parser.parse(expr).iterate({
    enter(node) {
      if (found !== undefined) return false;
      if (!node.type.isError) return undefined;
      const near = expr.slice(Math.max(0, node.from - 10), node.to + 10);
      found = `at offset ${node.from} near "${near}"`;
      return false;
    },
  });
  return found;
}
