/** A Prometheus recording rule, in the order its fields are written. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

/** A Prometheus alerting rule, in the order its fields are written. */
export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}
