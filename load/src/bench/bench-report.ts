import type { BenchResults, ProfileRun } from './bench-results.ts';
import { type Comparison, formatComparison } from './compare-results.ts';
import { lineChartSvg } from './svg-line-chart.ts';

export interface BenchReport {
  markdown: string;
  /** SVG files by name, to be written next to the Markdown file. */
  charts: Record<string, string>;
}

/**
 * The short Markdown report of a run: machine and conditions, the ceilings, each profile's
 * figures and ratios to the ceilings, per-process CPU and memory, stages, and SVG plots;
 * with a comparison when compare mode ran. `name` prefixes the chart files.
 */
export function buildReport(results: BenchResults, name: string,
  comparison?: Comparison): BenchReport {
  const charts: Record<string, string> = {};
  const { machine, setup, ceilings } = results;
  const lines = [
    `# Harborhook benchmark ${results.version} (${results.commit.slice(0, 12)})`,
    '',
    `Measured ${results.startedAt} to ${results.finishedAt} with \`npm run bench\`.`,
    ...(results.note === '' ? [] : ['', `**Conditions:** ${results.note}`]),
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMb} MB, Node ${machine.node};`
      + ` load average (1/5/15 min) ${machine.loadAverage.start.join(' / ')} at the start,`
      + ` ${machine.loadAverage.end.join(' / ')} at the end.`,
    `Lab: process runtime, ${setup.workers} worker(s), the services reach Postgres and nsqd `
      + `${setup.toxiproxy ? 'through Toxiproxy' : 'directly (no Toxiproxy)'}; driver `
      + `${setup.connections} connections; api DATABASE_POOL_MAX ${setup.apiDatabasePoolMax}; `
      + `profiles scaled ×${setup.durationScale} in duration, ×${setup.rateScale} in rate.`,
    '',
    '## Ceilings on this machine',
    '',
    '| ceiling | figure |',
    '| --- | ---: |',
    `| do-nothing Fastify handler, ${ceilings.fastify.connections} connections `
      + `(server used ${ceilings.fastify.serverCpuCores} cores) `
      + `| ${ceilings.fastify.requestsPerSecond} req/s |`,
    `| Postgres BEGIN; 2 one-row INSERTs; COMMIT, pool of ${ceilings.postgres.poolSize}, `
      + 'before / after the profiles '
      + `| ${ceilings.postgres.transactionsPerSecond} / `
      + `${ceilings.postgresAfter.transactionsPerSecond} tx/s |`,
    '',
  ];
  for (const run of results.profiles) {
    lines.push(...profileSection(results, run));
    for (const [kind, chart] of Object.entries(profileCharts(run))) {
      const file = `${name}-${run.profile}-${kind}.svg`;
      charts[file] = chart;
      lines.push(`![${run.profile}: ${kind}](${file})`, '');
    }
  }
  if (comparison !== undefined) {
    lines.push('## Compared with the baseline', '', formatComparison(comparison), '');
  }
  return { markdown: `${lines.join('\n').trimEnd()}\n`, charts };
}

function profileSection(results: BenchResults, run: ProfileRun): string[] {
  const s = run.summary;
  const figure = (key: string): string => String(results.figures[`${run.profile}.${key}`]?.value
    ?? '—');
  const held = s.highestHeldStage === null ? 'none'
    : `stage ${s.highestHeldStage.index} (target ${s.highestHeldStage.target}/s, achieved `
      + `${s.highestHeldStage.achievedRate}/s)`;
  const latency = (l: typeof s.publishLatencyMs): string => `${l.p50} / ${l.p95} / ${l.p99}`;
  return [
    `## Profile ${run.profile}`,
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| publish rate (202/s) | ${s.publishRate} |`,
    `| publish latency p50 / p95 / p99 (ms) | ${latency(s.publishLatencyMs)} |`,
    `| publish p99 inside the api (its histogram, interpolated) (ms) | `
      + `${s.apiPublishP99Ms ?? '—'} |`,
    `| inside the api, p99: waiting for a group commit / a group's statement (ms) | `
      + `${s.apiQueueWaitP99Ms ?? '—'} / ${s.apiGroupStatementP99Ms ?? '—'} |`,
    `| driver's lateness in starting publishes, p99 (ms) | ${s.driverSendLagP99Ms ?? '—'} |`,
    `| end-to-end latency p50 / p95 / p99 (ms) | ${latency(s.e2eLatencyMs)} |`,
    `| deliveries (delivered) | ${s.deliveries} |`,
    `| deliveries/s, best 10 s / mean | ${s.peakDeliveriesPerSecond} / `
      + `${s.meanDeliveriesPerSecond} |`,
    `| Postgres transactions per delivery | ${s.transactionsPerDelivery} |`,
    `| platform CPU per delivery (ms) | ${s.platformCpuMsPerDelivery} |`,
    `| publish rate ÷ Fastify ceiling | ${figure('publishRateOfFastifyCeiling')} |`,
    `| publish rate ÷ Postgres ceiling | ${figure('publishRateOfPostgresCeiling')} |`,
    `| best deliveries/s ÷ Postgres ceiling | ${figure('peakDeliveriesOfPostgresCeiling')} |`,
    `| highest stage that held its thresholds | ${held} |`,
    `| loss / thresholds | ${s.loss} / ${s.passed ? 'all held' : 'broken'} |`,
    '',
    '| process | CPU cores mean / peak | RSS MB mean / peak |',
    '| --- | ---: | ---: |',
    ...Object.entries(s.processes).map(([group, use]) =>
      `| ${group} | ${use.meanCpuCores} / ${use.peakCpuCores} | ${use.meanRssMb} / `
        + `${use.peakRssMb} |`),
    '',
    'Postgres backends of the platform, sampled each second (backend-samples by activity):',
    '',
    '| activity | samples | share |',
    '| --- | ---: | ---: |',
    ...activityRows(s.postgresBackendSamples),
    '',
    '| stage | target/s | achieved/s | publish p99 ms | e2e p99 ms | dropped | held |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...run.load.stages.map((stage) => `| ${stage.index} | ${stage.target} | `
      + `${stage.skipped ? '—' : stage.achievedRate} | ${stage.publishLatencyMs.p99} | `
      + `${stage.e2eLatencyMs.p99} | ${stage.dropped} | `
      + `${stage.skipped ? 'skipped' : stage.ok ? 'yes' : 'no'} |`),
    '',
  ];
}

function activityRows(samples: Record<string, number>): string[] {
  const total = Object.values(samples).reduce((sum, count) => sum + count, 0);
  return Object.entries(samples).slice(0, 8).map(([activity, count]) =>
    `| ${activity} | ${count} | ${total > 0 ? Math.round((count / total) * 100) : 0} % |`);
}

function profileCharts(run: ProfileRun): Record<string, string> {
  const timeline = run.timeline;
  const rate = (pick: (i: number) => number): [number, number][] => timeline.slice(1)
    .map((point, i) => {
      const before = timeline[i] as typeof point;
      const seconds = point.t - before.t;
      return [point.t, seconds > 0 ? Math.max(0, (pick(i + 1) - pick(i)) / seconds) : 0];
    });
  const groups = Object.keys(run.summary.processes);
  const perGroup = (value: (sample: { cpuCores: number; rssMb: number }) => number) =>
    groups.map((group) => ({ name: group, points: timeline.filter((p) => p.processes[group])
      .map((p) => [p.t, value(p.processes[group] as { cpuCores: number; rssMb: number })] as
        [number, number]) }));
  const stages = run.load.stages.filter((stage) => !stage.skipped && stage.completed > 0);
  const byStage = (pick: (stage: (typeof stages)[number]) => number): [number, number][] =>
    stages.map((stage) => [stage.index, pick(stage)]);
  return {
    rates: lineChartSvg({ title: `${run.profile}: publishes and deliveries per second`,
      xLabel: 'seconds', yLabel: 'per second', series: [
        { name: 'events accepted/s', points: rate((i) => timeline[i]?.eventsAccepted ?? 0) },
        { name: 'deliveries/s', points: rate((i) => timeline[i]?.deliveriesDelivered ?? 0) },
      ] }),
    latency: lineChartSvg({ title: `${run.profile}: latency percentiles per stage`,
      xLabel: 'stage', yLabel: 'ms', series: [
        { name: 'publish p50', points: byStage((s) => s.publishLatencyMs.p50) },
        { name: 'publish p95', points: byStage((s) => s.publishLatencyMs.p95) },
        { name: 'publish p99', points: byStage((s) => s.publishLatencyMs.p99) },
        { name: 'e2e p50', points: byStage((s) => s.e2eLatencyMs.p50) },
        { name: 'e2e p95', points: byStage((s) => s.e2eLatencyMs.p95) },
        { name: 'e2e p99', points: byStage((s) => s.e2eLatencyMs.p99) },
      ] }),
    queues: lineChartSvg({ title: `${run.profile}: where work waits`, xLabel: 'seconds',
      yLabel: 'count', series: [
        { name: 'api queries waiting', points: timeline.map((p) => [p.t, p.apiPoolWaiting]) },
        { name: 'deliveries due', points: timeline.map((p) => [p.t, p.deliveriesDue]) },
      ] }),
    cpu: lineChartSvg({ title: `${run.profile}: CPU per process`, xLabel: 'seconds',
      yLabel: 'cores', series: perGroup((sample) => sample.cpuCores) }),
    memory: lineChartSvg({ title: `${run.profile}: resident memory per process`,
      xLabel: 'seconds', yLabel: 'MB', series: perGroup((sample) => sample.rssMb) }),
  };
}
