import type { BenchCeilings, ProfileRun } from './bench-results.ts';
import type { Figure } from './figure.ts';

/** The name of the figure compare mode normalises every throughput and time figure by. */
export const REFERENCE_FIGURE = 'ceiling.postgresTransactionsPerSecond';

/**
 * The flat set of comparable figures of a run, named `<profile>.<figure>` and `ceiling.<name>`:
 * what the report tabulates and what compare mode judges.
 */
export function benchFigures(ceilings: BenchCeilings,
  profiles: readonly ProfileRun[]): Record<string, Figure> {
  // The machine's load can change during a run: the reference is the mean of before and after.
  const postgres = Math.round((ceilings.postgres.transactionsPerSecond
    + ceilings.postgresAfter.transactionsPerSecond) / 2);
  const figures: Record<string, Figure> = {
    'ceiling.fastifyRequestsPerSecond': throughput(ceilings.fastify.requestsPerSecond, 'req/s'),
    [REFERENCE_FIGURE]: throughput(postgres, 'tx/s'),
  };
  for (const { profile, summary } of profiles) {
    const add = (name: string, figure: Figure): void => { figures[`${profile}.${name}`] = figure; };
    add('publishRate', throughput(summary.publishRate, 'events/s'));
    add('peakDeliveriesPerSecond', throughput(summary.peakDeliveriesPerSecond, 'deliveries/s'));
    add('meanDeliveriesPerSecond', throughput(summary.meanDeliveriesPerSecond, 'deliveries/s'));
    if (summary.highestHeldStage !== null) {
      add('highestHeldRate', throughput(summary.highestHeldStage.achievedRate, 'events/s'));
    }
    for (const percentile of ['p50', 'p95', 'p99'] as const) {
      const name = percentile.slice(1);
      if (summary.publishLatencyMs.count > 0) {
        add(`publishP${name}Ms`, time(summary.publishLatencyMs[percentile]));
      }
      if (summary.e2eLatencyMs.count > 0) {
        add(`e2eP${name}Ms`, time(summary.e2eLatencyMs[percentile]));
      }
    }
    if (summary.apiPublishP99Ms !== undefined && summary.apiPublishP99Ms !== null) {
      add('apiPublishP99Ms', time(summary.apiPublishP99Ms));
    }
    if (summary.deliveries > 0) {
      add('transactionsPerDelivery', { value: summary.transactionsPerDelivery,
        unit: 'tx/delivery', better: 'lower', kind: 'count' });
      add('platformCpuMsPerDelivery', time(summary.platformCpuMsPerDelivery, 'CPU ms'));
    }
    for (const [group, use] of Object.entries(summary.processes)) {
      add(`peakRssMb.${group}`, { value: use.peakRssMb, unit: 'MB', better: 'lower',
        kind: 'size' });
    }
    add('publishRateOfFastifyCeiling',
      ratio(summary.publishRate, ceilings.fastify.requestsPerSecond));
    add('publishRateOfPostgresCeiling',
      ratio(summary.publishRate, postgres));
    add('peakDeliveriesOfPostgresCeiling',
      ratio(summary.peakDeliveriesPerSecond, postgres));
  }
  return figures;
}

function throughput(value: number, unit: string): Figure {
  return { value, unit, better: 'higher', kind: 'throughput' };
}

function time(value: number, unit = 'ms'): Figure {
  return { value, unit, better: 'lower', kind: 'time' };
}

function ratio(value: number, ceiling: number): Figure {
  return { value: ceiling > 0 ? Math.round((value / ceiling) * 10_000) / 10_000 : 0,
    unit: '×', better: 'higher', kind: 'ratio' };
}
