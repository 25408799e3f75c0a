import type { DeliveryLedger } from '../fleet/delivery-ledger.ts';
import type { FleetPlan } from '../fleet/fleet-plan.ts';
import { LatencyHistogram } from '../metrics/latency-histogram.ts';
import type { LoadProfile } from '../profile/profile.ts';
import type { ArrivalSchedule } from '../schedule/arrival-schedule.ts';
import type { LoadResults, PhaseResult, StageResult } from './load-results.ts';
import { StageStats } from './stage-stats.ts';
import { judge } from './thresholds.ts';

/** What publishing and draining produced, before it is judged. */
export interface RunFigures {
  stages: StageStats[];
  publishingMs: number;
  drainMs: number;
  drained: boolean;
  stoppedAfterStage: number | undefined;
  sendLag: LatencyHistogram;
}

export interface ResultInputs {
  profile: LoadProfile;
  /** The run was stopped from outside (Ctrl-C). */
  interrupted: boolean;
  runId: string;
  startedAt: Date;
  schedule: ArrivalSchedule;
  ledger: DeliveryLedger;
  plan: FleetPlan;
  run: RunFigures;
  receiverServers: number;
  connections: number;
}

/** The results file's figures: each stage and the whole run, judged against the thresholds. */
export function buildResults(inputs: ResultInputs): LoadResults {
  const { profile, schedule, ledger, plan, run } = inputs;
  const { thresholds } = profile;
  const totalStats = new StageStats();
  const e2e = new LatencyHistogram();
  const delivered = new LatencyHistogram();
  const stages: StageResult[] = schedule.stages.map((stage) => {
    const stats = run.stages[stage.index] as StageStats;
    stats.addInto(totalStats);
    e2e.add(ledger.e2eOfStage(stage.index));
    delivered.add(ledger.deliveredOfStage(stage.index));
    const phase = phaseResult(stats, stage.durationMs / 1000, ledger.e2eOfStage(stage.index),
      ledger.deliveredOfStage(stage.index), ledger.lossOfStage(stage.index));
    const verdicts = judge(thresholds, { publish: phase.publishLatencyMs, e2e: phase.e2eLatencyMs,
      errorRate: phase.errorRate, dropRate: phase.dropRate, loss: phase.loss });
    return { index: stage.index, startRate: stage.startRate, target: stage.target,
      skipped: stats.scheduled === 0 && stage.arrivals > 0, ...phase,
      verdicts, ok: verdicts.every((verdict) => verdict.ok) };
  });
  const deliveries = ledger.summary();
  const total = phaseResult(totalStats, run.publishingMs / 1000, e2e, delivered, deliveries.loss);
  const verdicts = judge(thresholds, { publish: total.publishLatencyMs, e2e: total.e2eLatencyMs,
    errorRate: total.errorRate, dropRate: total.dropRate, loss: total.loss });
  const breach = stages.find((stage) => !stage.ok && stage.scheduled > 0);
  const behaviours: Record<string, number> = {};
  for (const endpoint of plan.endpoints) {
    behaviours[endpoint.behaviour.kind] = (behaviours[endpoint.behaviour.kind] ?? 0) + 1;
  }
  const totalOk = verdicts.every((verdict) => verdict.ok);
  return {
    format: 'harborhook-load-results/1',
    profile: profile.name,
    description: profile.description,
    runId: inputs.runId,
    startedAt: inputs.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    setup: { tenants: plan.tenants.length, endpoints: plan.endpoints.length, behaviours,
      receiverServers: inputs.receiverServers, maxOutstanding: profile.maxOutstanding,
      connections: inputs.connections },
    stages,
    total: { ...total, verdicts, ok: totalOk, deliveries, drainMs: Math.round(run.drainMs),
      drained: run.drained },
    firstBreach: breach === undefined ? null : { stage: breach.index, target: breach.target,
      thresholds: breach.verdicts.filter((v) => !v.ok).map((v) => v.threshold) },
    stoppedAfterStage: run.stoppedAfterStage ?? null,
    interrupted: inputs.interrupted,
    driver: { sendLagMs: run.sendLag.summary() },
    passed: totalOk && stages.every((stage) => stage.ok),
  };
}

function phaseResult(stats: StageStats, durationSeconds: number, e2e: LatencyHistogram,
  delivered: LatencyHistogram, loss: number): Omit<PhaseResult, 'verdicts' | 'ok'> {
  return {
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    scheduled: stats.scheduled,
    sent: stats.sent,
    dropped: stats.dropped,
    dropRate: stats.dropRate,
    completed: stats.completed,
    accepted: stats.accepted,
    achievedRate: durationSeconds > 0 ? Math.round(stats.accepted / durationSeconds * 10) / 10 : 0,
    errors: stats.errors,
    errorRate: stats.errorRate,
    errorsByStatus: stats.errorsByStatus(),
    publishLatencyMs: stats.publish.summary(),
    e2eLatencyMs: e2e.summary(),
    deliveredLatencyMs: delivered.summary(),
    loss,
  };
}
