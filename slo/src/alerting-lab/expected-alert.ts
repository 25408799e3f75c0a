import type { PrometheusAlert } from '@harborhook/lab/env/prometheus-api';

/** An alert a scenario expects: its name and, optionally, labels it must carry. */
export interface ExpectedAlert {
  alertname: string;
  labels?: Record<string, string>;
  /**
   * Whether the check waits for it to resolve after recovery (default true). False only for
   * alerts whose lab-profile windows outlast the run (documented where they are listed).
   */
  awaitResolution?: boolean;
  /**
   * When it is expected: while the fault lasts (default), or only once it is over, for SLIs
   * measured when the delayed work finally happens (first attempts made late).
   */
  phase?: 'fault' | 'recovery';
}

/** `HarborhookServiceDown{job="harborhook-relay"}`: how an expectation is shown in reports. */
export function describeAlert(expected: ExpectedAlert): string {
  const labels = Object.entries(expected.labels ?? {}).map(([key, value]) => `${key}="${value}"`);
  return labels.length === 0 ? expected.alertname : `${expected.alertname}{${labels.join(',')}}`;
}

export function matches(alert: PrometheusAlert, expected: ExpectedAlert): boolean {
  if (alert.labels.alertname !== expected.alertname) return false;
  return Object.entries(expected.labels ?? {})
    .every(([key, value]) => alert.labels[key] === value);
}
