/** The services an SLO (and its alerts' `service` label) can belong to. */
export const SLO_SERVICES = ['api', 'relay', 'worker', 'platform'] as const;
export type SloService = typeof SLO_SERVICES[number];

/**
 * How an SLI counts: bad (`error`) or good events, over `valid` events, each a PromQL query
 * returning one series whose `{{window}}` placeholder the generator fills with each window; or,
 * for a gauge, a `sample` instant query (1 good, 0 bad, nothing when the moment does not count)
 * recorded at every rule evaluation, whose windows average the recorded samples.
 */
export type SliQueries =
  | { kind: 'error'; error: string; valid: string }
  | { kind: 'good'; good: string; valid: string }
  | { kind: 'sample'; sample: string };

/** One severity of an SLO's burn-rate alert. */
export interface AlertSeverityPolicy {
  enabled: boolean;
  labels: Record<string, string>;
}

/** One SLO, validated, as read from `slo/definitions/<name>.yaml`. */
export interface SloDefinition {
  /** kebab-case, also the file's name; the `slo` label of every rule. */
  name: string;
  title: string;
  description: string;
  service: SloService;
  sli: SliQueries & {
    /** Plain words for a bad event, used in alert descriptions. */
    badEvents: string;
  };
  /** Percent of valid events that must be good, e.g. 99.9. */
  objectivePercent: number;
  /** The SLO period as written (`30d`) and in milliseconds. */
  window: string;
  windowMs: number;
  alerting: {
    labels: Record<string, string>;
    page: AlertSeverityPolicy;
    ticket: AlertSeverityPolicy;
  };
  /** The file it was read from, repository-relative. */
  source: string;
}

/** The placeholder a query uses for the window the generator renders it over. */
export const WINDOW_PLACEHOLDER = '{{window}}';
