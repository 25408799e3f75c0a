import type { SloDefinition } from '../definitions/slo-definition.ts';

/** `ingest-availability` → `IngestAvailability`. */
export function pascalCase(kebab: string): string {
  return kebab.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

/** `HarborhookIngestAvailabilityBudgetBurn` → `harborhook-ingest-availability-budget-burn`. */
export function kebabCase(pascal: string): string {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** The burn-rate alert of an SLO; its page and ticket rules share this name. */
export function burnAlertName(definition: Pick<SloDefinition, 'name'>): string {
  return `Harborhook${pascalCase(definition.name)}BudgetBurn`;
}

/** Repository-relative runbook of an alert, as its `runbook_url` annotation says. */
export function runbookPath(alertName: string): string {
  return `runbooks/${kebabCase(alertName)}.md`;
}
