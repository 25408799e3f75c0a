import { parser } from '@prometheus-io/lezer-promql';
import { formatDuration, parseDuration } from '../promql/duration.ts';
import { findSyntaxError } from '../promql/syntax-error.ts';
import { scaleDurationMs, type DurationRole, type RuleProfile } from './rule-profile.ts';

/** A PromQL expression the profile cannot rescale (unparseable, or a duration it cannot read). */
export class ScaleExpressionError extends Error {
  readonly code: 'SLO_ERR_PROMQL_SYNTAX' | 'SLO_ERR_PROMQL_DURATION';

  constructor(code: ScaleExpressionError['code'], message: string) {
    super(message);
    this.name = 'ScaleExpressionError';
    this.code = code;
  }
}

/** A node of the parse tree (typed through the parser, whose package this workspace declares). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

interface Edit { from: number; to: number; text: string }

/** What a duration literal is to the query: a window to read over, or a step or shift. */
function roleOf(literal: SyntaxNode): DurationRole | undefined {
  const holder = literal.parent;
  if (holder === null) return undefined;
  if (holder.name === 'OffsetDurationExpr') return 'step';
  if (holder.name !== 'DurationExpr' || holder.parent === null) return undefined;
  const owner = holder.parent;
  if (owner.name === 'MatrixSelector') return 'range';
  if (owner.name !== 'SubqueryExpr') return undefined;
  // A subquery's first duration is its range, the second (after the colon) its step.
  return owner.getChildren('DurationExpr')[0]?.from === holder.from ? 'range' : 'step';
}

/**
 * The expression with every duration of a range selector, subquery (range and step) and
 * offset rescaled by the profile, found through the lezer-promql parse tree so that numbers,
 * label values and strings that merely look like durations are left alone. Everything else,
 * spacing and line breaks included, is kept byte for byte.
 */
export function scaleExpression(expr: string, profile: RuleProfile): string {
  const syntaxError = findSyntaxError(expr);
  if (syntaxError !== undefined) {
    throw new ScaleExpressionError('SLO_ERR_PROMQL_SYNTAX',
      `PromQL does not parse ${syntaxError}`);
  }
  if (profile.factor === 1) return expr;
  const edits: Edit[] = [];
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.name !== 'NumberDurationLiteralInDurationContext') continue;
    const text = expr.slice(cursor.from, cursor.to);
    const role = roleOf(cursor.node);
    const ms = parseDuration(text);
    if (role === undefined || ms === undefined) {
      throw new ScaleExpressionError('SLO_ERR_PROMQL_DURATION',
        `cannot rescale the duration "${text}" at offset ${cursor.from}: only plain durations `
        + 'with units (5m, 1h30m) in range selectors, subqueries and offsets are supported');
    }
    edits.push({ from: cursor.from, to: cursor.to,
      text: formatDuration(scaleDurationMs(profile, ms, role)) });
  } while (cursor.next());
  let scaled = expr;
  for (const edit of edits.sort((a, b) => b.from - a.from)) {
    scaled = scaled.slice(0, edit.from) + edit.text + scaled.slice(edit.to);
  }
  return scaled;
}
