import { waitFor } from '@harborhook/lab/env/wait-for';
import type { AlertingLab } from './alerting-lab.ts';
import { AlertTimeline, type AlertOutcome } from './alert-timeline.ts';
import type { Scenario } from './scenario.ts';

/** How long each phase may take before the scenario fails (lab-profile time). */
export interface ScenarioLimits {
  fireMs: number;
  resolveMs: number;
}

export const DEFAULT_LIMITS: ScenarioLimits = { fireMs: 60_000, resolveMs: 90_000 };

export interface ScenarioResult {
  scenario: Scenario;
  outcomes: AlertOutcome[];
  /** Why it failed: an alert that did not fire or resolve in time, or a fault that broke. */
  error?: Error;
}

/**
 * Injects the fault, waits for its alerts to fire, holds it as long as the scenario asks,
 * recovers, waits for the alerts expected after recovery to fire, then for every awaited alert
 * to resolve. The lab is always recovered, also when waiting failed.
 */
export async function runScenario(env: AlertingLab, scenario: Scenario,
  limits: ScenarioLimits = DEFAULT_LIMITS): Promise<ScenarioResult> {
  const timeline = new AlertTimeline(env.prometheus.api, scenario.expect);
  let recovered = false;
  try {
    const faultAt = performance.now();
    await scenario.inject(env);
    await timeline.awaitFiring('fault', faultAt, limits.fireMs);
    if (scenario.heldEnough !== undefined) {
      const heldEnough = scenario.heldEnough.bind(scenario);
      await waitFor(() => heldEnough(env), { timeoutMs: limits.fireMs, intervalMs: 250,
        what: `${scenario.name}: the fault to be held long enough` });
    }
    const recoveryAt = performance.now();
    recovered = true;
    await scenario.recover(env);
    await timeline.awaitFiring('recovery', recoveryAt, limits.fireMs);
    await timeline.awaitResolved(recoveryAt, limits.resolveMs);
    return { scenario, outcomes: timeline.outcomes };
  } catch (err) {
    if (!recovered) await scenario.recover(env).catch(() => undefined);
    const error = new Error(`scenario ${scenario.name} (${scenario.fault}): `
      + `${(err as Error).message}`, { cause: err });
    return { scenario, outcomes: timeline.outcomes, error };
  }
}

/** Runs the stages one after the other, the scenarios of a stage at the same time. */
export async function runStages(env: AlertingLab, stages: readonly (readonly Scenario[])[],
  limits: ScenarioLimits = DEFAULT_LIMITS,
  onResult: (result: ScenarioResult) => void = () => undefined): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const stage of stages) {
    const stageResults = await Promise.all(stage.map(async (scenario) => {
      const result = await runScenario(env, scenario, limits);
      onResult(result);
      return result;
    }));
    results.push(...stageResults);
  }
  return results;
}
