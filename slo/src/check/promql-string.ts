const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"',
  "'": "'",
};

/**
 * The value of a PromQL string literal as written in an expression: backquoted strings are
 * raw, single- and double-quoted ones take Go's escapes (\n, \\, \xHH, \uHHHH, octal ...).
 */
export function unquotePromqlString(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g,
    (_, escape: string) => {
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) return simple;
      if (/^[xuU]/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
      if (/^[0-7]{3}$/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
      return escape;
    });
}
