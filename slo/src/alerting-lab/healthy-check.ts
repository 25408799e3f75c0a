import { waitFor } from '@harborhook/lab/env/wait-for';
import type { AlertingLab } from './alerting-lab.ts';

/** Under healthy load every SLI must be at least this good over its shortest window. */
export const HEALTHY_GOOD_RATIO = 0.99;

/** The shortest window's error ratio of every SLO, as the generated recording rules say. */
const SLI_ERROR_QUERY = 'slo:sli_error:ratio_rate5m';

export interface HealthyReport {
  /** Good share per SLO over its lab-profile 5m window (5 s), from the recording rule. */
  goodBySlo: Record<string, number>;
  targetsUp: number;
  /** Alerts pending at the moment all was healthy (firing ones fail the check). */
  pending: string[];
  /** How long the check polled before all of it held at one look. */
  settledAfterSeconds: number;
  /** What was not yet healthy at the first look, if anything: to tell a slow start apart. */
  firstSeen?: string;
}

/**
 * Healthy load: every target up, every SLO's SLI recorded and near 100 % good, and no alert
 * firing, all at the same evaluation. Polls until that holds (recording rules need a few
 * scrapes before their windows have data) and fails with what it last saw.
 */
export async function checkHealthy(env: AlertingLab, slos: readonly string[],
  timeoutMs = 30_000): Promise<HealthyReport> {
  const expectedTargets = env.jobs.reduce((sum, job) => sum + job.metricsUrls.length, 0);
  let last = 'nothing read yet';
  let firstSeen: string | undefined;
  const startedAt = performance.now();
  try {
    return await waitFor(async () => {
      const targets = await env.prometheus.api.targets();
      const up = targets.filter((target) => target.health === 'up').length;
      const goodBySlo: Record<string, number> = {};
      for (const sample of await env.prometheus.api.query(SLI_ERROR_QUERY)) {
        const slo = sample.metric.slo;
        if (slo !== undefined && Number.isFinite(sample.value)) goodBySlo[slo] = 1 - sample.value;
      }
      const alerts = await env.prometheus.api.alerts();
      const firing = alerts.filter((alert) => alert.state === 'firing')
        .map((alert) => alert.labels.alertname ?? '?');
      const missing = slos.filter((slo) => goodBySlo[slo] === undefined);
      const bad = slos.filter((slo) => (goodBySlo[slo] ?? 1) < HEALTHY_GOOD_RATIO);
      last = `${up}/${expectedTargets} targets up; SLIs missing: [${missing.join(', ')}]; `
        + `below ${HEALTHY_GOOD_RATIO * 100} %: [${bad.map((slo) =>
          `${slo} ${((goodBySlo[slo] ?? 0) * 100).toFixed(1)} %`).join(', ')}]; `
        + `firing: [${firing.join(', ')}]`;
      if (up !== expectedTargets || missing.length > 0 || bad.length > 0 || firing.length > 0) {
        firstSeen ??= last;
        return false;
      }
      const pending = alerts.map((alert) => alert.labels.alertname ?? '?');
      return { goodBySlo, targetsUp: up, pending, ...(firstSeen === undefined ? {} : { firstSeen }),
        settledAfterSeconds: (performance.now() - startedAt) / 1000 };
    }, { what: 'healthy load to show every SLI near 100 % and no alert firing', timeoutMs,
      intervalMs: 500 });
  } catch (err) {
    throw new Error(`${(err as Error).message}; last seen: ${last}`, { cause: err });
  }
}
