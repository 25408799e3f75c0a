import type { SloDefinition } from '../definitions/slo-definition.ts';
import { WINDOW_PLACEHOLDER } from '../definitions/slo-definition.ts';
import { scaleExpression } from '../profile/scale-expression.ts';
import type { RuleProfile } from '../profile/rule-profile.ts';
import { SLI_WINDOWS } from './burn-rate-policy.ts';
import { errorBudgetOf, roundNumber } from './round-number.ts';
import { errorRatioRecord, errorRecordSelector } from './record-selector.ts';
import type { RecordingRule, RuleGroup } from './rule-types.ts';

function indent(query: string): string {
  return query.split('\n').map((line) => `  ${line}`).join('\n');
}

/** `slo:sli_good:bool`: a sample SLI's verdict at each evaluation (1 good, 0 bad). */
export const SAMPLE_RECORD = 'slo:sli_good:bool';

/**
 * The error ratio over one window. Valid events must be above zero, so a window without traffic
 * records no sample at all ("no data") instead of 0/0 = NaN, which would also poison the period
 * ratio averaged from these samples. A sample SLI averages its recorded verdicts, which is
 * likewise nothing when the window holds none.
 */
export function errorRatioExpression(definition: SloDefinition, window: string): string {
  const sli = definition.sli;
  if (sli.kind === 'sample') {
    return `1 - avg_over_time(${SAMPLE_RECORD}{slo="${definition.name}"}[${window}])`;
  }
  const fill = (query: string) => indent(query.replaceAll(WINDOW_PLACEHOLDER, window).trim());
  const valid = `(\n${fill(sli.valid)}\n) > 0`;
  if (sli.kind === 'error') {
    return `(\n${fill(sli.error)}\n)\n/\n(\n${indent(valid)}\n)`;
  }
  return `1 - (\n  (\n${indent(fill(sli.good))}\n  )\n  /\n  (\n`
    + `${indent(indent(valid))}\n  )\n)`;
}

/**
 * The SLI group: a sample SLI's verdict first (rules of a group run in order, so the ratios
 * see this evaluation's sample), then the error ratio over every alert window.
 */
export function sliRecordingGroup(definition: SloDefinition, profile: RuleProfile): RuleGroup {
  const sli = definition.sli;
  const sample: RecordingRule[] = sli.kind !== 'sample' ? [] : [{
    record: SAMPLE_RECORD, expr: scaleExpression(sli.sample.trim(), profile),
    labels: { slo: definition.name },
  }];
  return {
    name: `slo-sli-recordings-${definition.name}`,
    rules: [...sample, ...SLI_WINDOWS.map((window): RecordingRule => ({
      record: errorRatioRecord(window),
      expr: scaleExpression(errorRatioExpression(definition, window), profile),
      labels: { slo: definition.name, window },
    }))],
  };
}

/**
 * The meta group: objective, budget and period as series (for dashboards and alert texts), the
 * period's error ratio as the mean of the 5 m ratios (windows without traffic are left out, so
 * an hour of heavy traffic weighs as much as an hour of light traffic), the burn rates and the
 * budget left.
 */
export function metaRecordingGroup(definition: SloDefinition, profile: RuleProfile): RuleGroup {
  const slo = definition.name;
  const budget = errorBudgetOf(definition.objectivePercent);
  const labels = { slo };
  const fiveMinutes = errorRecordSelector('5m', slo);
  const periodRecord = errorRatioRecord(definition.window);
  const rules: RecordingRule[] = [
    { record: 'slo:objective:ratio',
      expr: `vector(${roundNumber(definition.objectivePercent / 100)})`, labels },
    { record: 'slo:error_budget:ratio', expr: `vector(${budget})`, labels },
    { record: 'slo:time_period:days',
      expr: `vector(${roundNumber(definition.windowMs / 86_400_000)})`, labels },
    { record: periodRecord,
      expr: scaleExpression(`sum_over_time(${fiveMinutes}[${definition.window}])\n/\n`
        + `count_over_time(${fiveMinutes}[${definition.window}])`, profile),
      labels: { slo, window: definition.window } },
    { record: 'slo:current_burn_rate:ratio',
      expr: `max without (window) (${fiveMinutes}) / ${budget}`, labels },
    { record: 'slo:period_burn_rate:ratio',
      expr: `max without (window) (${errorRecordSelector(definition.window, slo)}) / ${budget}`,
      labels },
    { record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio{slo="${slo}"}`, labels },
  ];
  return { name: `slo-meta-recordings-${slo}`, rules };
}
