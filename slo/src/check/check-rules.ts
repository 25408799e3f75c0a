import type { KnownMetrics } from './check-selector.ts';
import { checkSelector } from './check-selector.ts';
import type { Exposition } from './exposition.ts';
import { formatFinding, type Finding } from './finding.ts';
import { exposedMetrics, PROMETHEUS_METRIC_NAMES, prometheusMetrics } from './known-metrics.ts';
import { parseExpression, selectorsOf } from './parse-expression.ts';
import { recordedMetrics } from './recorded-metrics.ts';
import type { LoadedRule } from './rule-file.ts';
import { unionShapes } from './series-shape.ts';

export interface RuleCheckSummary {
  rules: number;
  selectors: number;
  /** Metric names known: exposed, recorded by a rule, or Prometheus's own. */
  knownMetrics: number;
  findings: Finding[];
}

/** Exposed, recorded and Prometheus's own metrics as one lookup. */
export function knownMetrics(byService: ReadonlyMap<string, Exposition>,
  rules: readonly LoadedRule[]): KnownMetrics {
  const exposed = exposedMetrics(byService);
  const prometheus = prometheusMetrics(byService.keys(),
    rules.filter((rule) => rule.kind === 'alert').map((rule) => rule.name));
  const base = (metric: string) => exposed.get(metric) ?? prometheus(metric);
  const recorded = recordedMetrics(rules, base);
  const names = new Set([...exposed.keys(), ...recorded.keys(), ...PROMETHEUS_METRIC_NAMES]);
  return {
    shapeOf: (metric) => {
      const own = recorded.get(metric);
      const other = base(metric);
      return own === undefined ? other : other === undefined ? own : unionShapes(own, other);
    },
    names: () => names,
  };
}

/**
 * Checks every selector of every rule against what the services expose (one exposition per
 * service name) and what the rules record. Findings come in rule order, each once.
 */
export function checkRules(rules: readonly LoadedRule[],
  byService: ReadonlyMap<string, Exposition>): RuleCheckSummary {
  const known = knownMetrics(byService, rules);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const add = (finding: Finding) => {
    const line = formatFinding(finding);
    if (!seen.has(line)) findings.push(finding);
    seen.add(line);
  };
  let selectors = 0;
  for (const rule of rules) {
    const parsed = parseExpression(rule.expr);
    if (!parsed.ok) {
      add({ code: 'RULES_ERR_PROMQL_SYNTAX', location: rule.location,
        message: `expression does not parse as PromQL at offset ${parsed.offset} `
          + `(near ${JSON.stringify(parsed.near)})` });
      continue;
    }
    for (const selector of selectorsOf(parsed)) {
      selectors += 1;
      for (const problem of checkSelector(selector, known)) {
        add({ ...problem, location: rule.location });
      }
    }
  }
  return { rules: rules.length, selectors, knownMetrics: [...known.names()].length, findings };
}
