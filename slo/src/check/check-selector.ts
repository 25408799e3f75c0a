import { closestHint } from './closest.ts';
import type { LabelMatcher, VectorSelector } from './parse-expression.ts';
import type { RuleCheckCode } from './rule-check-error.ts';
import type { SeriesShape } from './series-shape.ts';

/** A problem with one selector; the caller adds where it is. */
export interface SelectorProblem {
  code: RuleCheckCode;
  message: string;
}

/** What the check knows: the shape of each metric name, and every name for hints. */
export interface KnownMetrics {
  shapeOf(metric: string): SeriesShape | undefined;
  names(): Iterable<string>;
}

/** Labels Prometheus adds to every scraped series. */
const SCRAPE_LABELS = ['job', 'instance'];

/** Prometheus regexes are anchored at both ends; undefined when it does not compile. */
function anchored(pattern: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return undefined;
  }
}

function listed(values: Iterable<string>): string {
  const sorted = [...values].sort();
  return sorted.length === 0 ? 'none' : sorted.join(', ');
}

function checkMatcher(metric: string, shape: SeriesShape, matcher: LabelMatcher):
  SelectorProblem | undefined {
  const { label, operator, value } = matcher;
  const where = `metric ${metric} label ${label}`;
  const regex = operator === '=~' || operator === '!~' ? anchored(value) : undefined;
  if ((operator === '=~' || operator === '!~') && regex === undefined) {
    return { code: 'RULES_ERR_BAD_REGEX',
      message: `${where}: regex ${JSON.stringify(value)} does not compile` };
  }
  const seen = shape.labels.get(label);
  if (seen === undefined) {
    if (shape.openLabels) return undefined;
    // Only what a scrape adds: the metric is declared, but no sample of it was exposed.
    const noSample = metric !== 'up' && !metric.startsWith('scrape_')
      && [...shape.labels.keys()].every((name) => SCRAPE_LABELS.includes(name));
    return { code: 'RULES_ERR_UNKNOWN_LABEL',
      message: `metric ${metric} has no label ${label} (its labels: `
        + `${listed(shape.labels.keys())})${closestHint(label, shape.labels.keys())}`
        + (noSample ? '; no sample of it was exposed: are its label values initialised at 0?'
          : '') };
  }
  if (seen.anyValue || operator === '!=' || operator === '!~') return undefined;
  if (operator === '=' && !seen.values.has(value)) {
    return { code: 'RULES_ERR_UNKNOWN_LABEL_VALUE',
      message: `${where}: value ${JSON.stringify(value)} was never seen on it (seen: `
        + `${listed(seen.values)})${closestHint(value, seen.values)}` };
  }
  if (operator === '=~' && ![...seen.values].some((candidate) => regex?.test(candidate))) {
    return { code: 'RULES_ERR_REGEX_MATCHES_NOTHING',
      message: `${where}: regex ${JSON.stringify(value)} matches none of the values seen `
        + `(${listed(seen.values)})` };
  }
  return undefined;
}

/** The names a selector without a plain name selects: by `__name__` regex, or every name. */
function namesSelected(selector: VectorSelector, known: KnownMetrics): string[] | undefined {
  const byName = selector.matchers.filter((m) => m.label === '__name__');
  const regexes = byName.map((m) => ({ ...m, regex: anchored(m.value) }));
  if (regexes.some((m) => m.regex === undefined && (m.operator === '=~' || m.operator === '!~'))) {
    return undefined;
  }
  return [...known.names()].filter((name) => regexes.every(({ operator, value, regex }) =>
    operator === '!=' ? name !== value
      : operator === '=~' ? regex?.test(name) === true
        : operator === '!~' ? regex?.test(name) === false : name === value));
}

/**
 * Whether a selector can select anything the system has: its metric is known, each matcher's
 * label is one the metric carries, and each `=`/`=~` value one it was seen with.
 */
export function checkSelector(selector: VectorSelector, known: KnownMetrics): SelectorProblem[] {
  const { metric } = selector;
  if (metric === undefined) {
    const names = namesSelected(selector, known);
    if (names === undefined) {
      return [{ code: 'RULES_ERR_BAD_REGEX',
        message: `selector ${selector.text}: a __name__ regex does not compile` }];
    }
    if (names.length === 0) {
      return [{ code: 'RULES_ERR_UNKNOWN_METRIC',
        message: `selector ${selector.text} matches no metric name that is exposed or recorded` }];
    }
    return [];
  }
  const shape = known.shapeOf(metric);
  if (shape === undefined) {
    return [{ code: 'RULES_ERR_UNKNOWN_METRIC',
      message: `metric ${metric} is not exposed by any service nor recorded by any rule`
        + closestHint(metric, known.names()) }];
  }
  return selector.matchers.filter((matcher) => matcher.label !== '__name__')
    .map((matcher) => checkMatcher(metric, shape, matcher))
    .filter((problem): problem is SelectorProblem => problem !== undefined);
}
