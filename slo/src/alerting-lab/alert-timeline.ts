import type { PrometheusApi } from '@harborhook/lab/env/prometheus-api';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { describeAlert, matches, type ExpectedAlert } from './expected-alert.ts';

/**
 * What one expected alert did during a scenario: seconds from the start of its phase (the
 * fault, or the recovery for alerts expected then) to pending and firing, and seconds from
 * the recovery until no instance of it was active.
 */
export interface AlertOutcome {
  expected: ExpectedAlert;
  pendingAfterSeconds?: number;
  firingAfterSeconds?: number;
  resolvedAfterSeconds?: number;
  /** The runbook_url annotation of the active alert, as Prometheus reported it. */
  runbookUrl?: string;
}

const POLL_MS = 250;

/** Polls /api/v1/alerts and records when each expected alert went pending, firing, resolved. */
export class AlertTimeline {
  readonly outcomes: AlertOutcome[];
  readonly #api: PrometheusApi;

  constructor(api: PrometheusApi, expected: readonly ExpectedAlert[]) {
    this.#api = api;
    this.outcomes = expected.map((alert) => ({ expected: alert }));
  }

  /** Waits until every expected alert of the phase is firing, recording pending on the way. */
  async awaitFiring(phase: 'fault' | 'recovery', since: number,
    timeoutMs: number): Promise<void> {
    const watched = this.outcomes.filter((outcome) => (outcome.expected.phase ?? 'fault')
      === phase);
    if (watched.length === 0) return;
    await this.#poll(watched, `to fire after the ${phase} started`, timeoutMs, (outcome,
      active) => {
      if (active.length === 0) return false;
      const seconds = (performance.now() - since) / 1000;
      outcome.runbookUrl ??= active[0]?.annotations.runbook_url;
      outcome.pendingAfterSeconds ??= seconds;
      if (active.some((alert) => alert.state === 'firing')) outcome.firingAfterSeconds ??= seconds;
      return outcome.firingAfterSeconds !== undefined;
    });
  }

  /** Waits until no instance of any awaited expected alert is pending or firing. */
  async awaitResolved(since: number, timeoutMs: number): Promise<void> {
    const watched = this.outcomes.filter((outcome) => outcome.expected.awaitResolution !== false);
    await this.#poll(watched, 'to resolve after the recovery', timeoutMs, (outcome, active) => {
      if (active.length > 0) {
        outcome.resolvedAfterSeconds = undefined;
        return false;
      }
      outcome.resolvedAfterSeconds ??= (performance.now() - since) / 1000;
      return true;
    });
  }

  async #poll(watched: AlertOutcome[], what: string, timeoutMs: number,
    done: (outcome: AlertOutcome, active: { state: string;
      annotations: Record<string, string> }[]) => boolean): Promise<void> {
    let waiting = watched;
    try {
      await waitFor(async () => {
        const alerts = await this.#api.alerts();
        waiting = watched.filter((outcome) => !done(outcome,
          alerts.filter((alert) => matches(alert, outcome.expected))));
        return waiting.length === 0;
      }, { what: `alerts ${what}`, timeoutMs, intervalMs: POLL_MS });
    } catch (err) {
      const names = waiting.map((outcome) => describeAlert(outcome.expected)).join(', ');
      throw new Error(`${(err as Error).message}; still waiting for ${names}`);
    }
  }
}
