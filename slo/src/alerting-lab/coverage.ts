import type { PrometheusRule } from '@harborhook/lab/env/prometheus-api';
import { NOT_SHOWN_FIRING } from './not-shown.ts';
import type { Scenario } from './scenario.ts';

export interface AlertCoverage {
  /** Alert names loaded in Prometheus that some scenario expects to fire. */
  covered: string[];
  /** Loaded alerts that are known not to be shown firing, with the reason. */
  notShown: { alertname: string; reason: string }[];
  /** Loaded alerts neither covered nor explained: a gap to fix. */
  uncovered: string[];
  /** Names scenarios expect that no loaded rule has (renamed or deleted alerts). */
  unknown: string[];
}

/** Compares the alerting rules Prometheus loaded with what the scenarios expect. */
export function alertCoverage(rules: readonly PrometheusRule[],
  stages: readonly (readonly Scenario[])[]): AlertCoverage {
  const loaded = new Set(rules.filter((rule) => rule.type === 'alerting')
    .map((rule) => rule.name));
  const expected = new Set(stages.flat().flatMap((scenario) =>
    scenario.expect.map((alert) => alert.alertname)));
  const sorted = (names: Iterable<string>): string[] => [...names].sort();
  return {
    covered: sorted([...loaded].filter((name) => expected.has(name))),
    notShown: sorted([...loaded].filter((name) => !expected.has(name)
      && NOT_SHOWN_FIRING[name] !== undefined))
      .map((alertname) => ({ alertname, reason: NOT_SHOWN_FIRING[alertname] ?? '' })),
    uncovered: sorted([...loaded].filter((name) => !expected.has(name)
      && NOT_SHOWN_FIRING[name] === undefined)),
    unknown: sorted([...expected].filter((name) => !loaded.has(name))),
  };
}
