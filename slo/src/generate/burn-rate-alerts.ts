import type { SloDefinition } from '../definitions/slo-definition.ts';
import {
  BURN_RATE_PAIRS, burnFactor, describePeriod, errorRatioThreshold, type AlertSeverity,
  type BurnRatePair,
} from './burn-rate-policy.ts';
import { burnAlertName, runbookPath } from './names.ts';
import { errorRecordSelector } from './record-selector.ts';
import { errorBudgetOf, roundNumber } from './round-number.ts';
import type { AlertingRule, RuleGroup } from './rule-types.ts';

function percent(ratio: number): string {
  return `${roundNumber(ratio * 100)}%`;
}

/**
 * Both windows of a pair above the threshold. The long window comes first so the alert's value
 * is the long window's error ratio; `window` is dropped so the two sides match.
 */
function pairExpression(definition: SloDefinition, pair: BurnRatePair): string {
  const threshold = errorRatioThreshold(pair, definition.windowMs,
    errorBudgetOf(definition.objectivePercent));
  const side = (window: string) =>
    `  max without (window) (${errorRecordSelector(window, definition.name)} > ${threshold})`;
  return `(\n${side(pair.long)}\nand\n${side(pair.short)}\n)`;
}

function pairsText(definition: SloDefinition, pairs: readonly BurnRatePair[]): string {
  const budget = errorBudgetOf(definition.objectivePercent);
  return pairs.map((pair) => {
    const factor = burnFactor(pair, definition.windowMs);
    return `${factor}x (${percent(errorRatioThreshold(pair, definition.windowMs, budget))}) `
      + `over ${pair.long} and ${pair.short}`;
  }).join(', or ');
}

/** How long the whole budget lasts at the pairs' burn rates, e.g. "2.1 to 5 days". */
function exhaustionText(definition: SloDefinition, pairs: readonly BurnRatePair[]): string {
  const days = pairs.map((pair) =>
    roundNumber(definition.windowMs / burnFactor(pair, definition.windowMs) / 86_400_000))
    .map((value) => Number(value.toFixed(1)));
  return `${days.join(' to ')} days`;
}

function severityRule(definition: SloDefinition, severity: AlertSeverity): AlertingRule {
  const pairs = BURN_RATE_PAIRS.filter((pair) => pair.severity === severity);
  const name = burnAlertName(definition);
  const speed = severity === 'page' ? 'fast' : 'steadily';
  const budget = errorBudgetOf(definition.objectivePercent);
  const period = describePeriod(definition.windowMs);
  return {
    alert: name,
    expr: pairs.map((pair) => pairExpression(definition, pair)).join('\nor\n'),
    labels: {
      ...definition.alerting.labels,
      ...definition.alerting[severity].labels,
      severity,
      service: definition.service,
      slo: definition.name,
    },
    annotations: {
      summary: `${definition.title}: the error budget is burning ${speed}; at this rate the `
        + `${period} budget is spent in ${exhaustionText(definition, pairs)}.`,
      description: `{{ $value | humanizePercentage }} of the SLI's events were bad over the long `
        + `window (${definition.sli.badEvents}). The {{ $labels.slo }} SLO allows `
        + `${percent(budget)} over ${period}; this ${severity} fires when both windows of a pair `
        + `burn faster than ${pairsText(definition, pairs)}.`,
      runbook_url: runbookPath(name),
    },
  };
}

/** The SLO's burn-rate alert: one rule per enabled severity, sharing one name. */
export function burnRateAlertGroup(definition: SloDefinition): RuleGroup | undefined {
  const severities = (['page', 'ticket'] as const)
    .filter((severity) => definition.alerting[severity].enabled);
  if (severities.length === 0) return undefined;
  return {
    name: `slo-alerts-${definition.name}`,
    rules: severities.map((severity) => severityRule(definition, severity)),
  };
}
