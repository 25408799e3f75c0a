import { alertCoverage } from '../alerting-lab/coverage.ts';
import { startAlertingLab } from '../alerting-lab/alerting-lab.ts';
import { checkHealthy } from '../alerting-lab/healthy-check.ts';
import { resultTable } from '../alerting-lab/result-table.ts';
import { runbookProblem } from '../alerting-lab/runbook-check.ts';
import type { Scenario } from '../alerting-lab/scenario.ts';
import {
  runStages, type ScenarioLimits, type ScenarioResult,
} from '../alerting-lab/run-scenario.ts';
import { SCENARIO_STAGES, SLOW_SCENARIO_STAGES } from '../alerting-lab/scenarios.ts';
import { loadDefinitions } from '../definitions/load-definitions.ts';

const ALL_STAGES = [...SCENARIO_STAGES, ...SLOW_SCENARIO_STAGES];

const USAGE = `usage: bin/harborhook slo alerting-lab [--only <scenario>[,<scenario>...]] [--slow]

Starts a lab with a real Prometheus scraping it under load, with every rule file rendered for
the lab profile, checks healthy load, then runs each fault scenario and prints when each
expected alert went pending, firing and resolved. Exit 0 when all passed, 1 when a check
failed, 2 on a usage error. --slow adds the scenarios that take minutes (alerts on absolute
thresholds the lab profile does not compress), about 5.5 minutes more.
Scenarios: ${ALL_STAGES.flat().map((scenario) => scenario.name).join(', ')}
`;

/** The slow scenarios wait minutes for thresholds in real seconds and messages. */
const SLOW_LIMITS: ScenarioLimits = { fireMs: 420_000, resolveMs: 120_000 };

/** `bin/harborhook slo alerting-lab`: the dynamic check of docs/alerting-lab.md. */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    if (parsed === '') {
      process.stdout.write(USAGE);
      return 0;
    }
    process.stderr.write(`${parsed}\n${USAGE}`);
    return 2;
  }
  const pick = (stages: readonly (readonly Scenario[])[]): Scenario[][] =>
    stages.map((stage) => stage.filter((scenario) =>
      parsed.only === undefined || parsed.only.has(scenario.name)))
      .filter((stage) => stage.length > 0);
  const stages = pick(SCENARIO_STAGES);
  // --only naming a slow scenario runs it without --slow.
  const slowStages = pick(parsed.slow || parsed.only !== undefined ? SLOW_SCENARIO_STAGES : []);
  const slos = (await loadDefinitions()).map((definition) => definition.name);
  const startedAt = performance.now();
  const problems: string[] = [];
  process.stdout.write('starting the lab, the load and Prometheus...\n');
  await using env = await startAlertingLab();
  // Ctrl-C or SIGTERM tears the lab and Prometheus down before exiting 130.
  const interrupt = (): void => {
    process.stderr.write('alerting-lab: interrupted; tearing the lab down\n');
    void env.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const healthy = await checkHealthy(env, slos).catch((err: unknown) => {
    problems.push(`healthy load: ${(err as Error).message}`);
    return undefined;
  });
  if (healthy !== undefined) {
    const slis = Object.entries(healthy.goodBySlo)
      .map(([slo, good]) => `${slo} ${(good * 100).toFixed(2)} %`).join(', ');
    process.stdout.write(`healthy load (held after ${healthy.settledAfterSeconds.toFixed(1)} s): `
      + `${healthy.targetsUp} targets up, SLIs good: ${slis}; no alert firing`
      + `${healthy.pending.length === 0 ? ' or pending'
        : `, pending: ${healthy.pending.join(', ')}`}\n`);
    if (healthy.firstSeen !== undefined) {
      process.stdout.write(`  at the first look: ${healthy.firstSeen}\n`);
    }
  }

  const report = (result: ScenarioResult): void => {
    process.stdout.write(`${result.error === undefined ? 'passed' : 'FAILED'}: `
      + `${result.scenario.name} (${result.scenario.fault})\n`);
  };
  const results = [...await runStages(env, stages, undefined, report),
    ...await runStages(env, slowStages, SLOW_LIMITS, report)];
  for (const result of results) {
    if (result.error !== undefined) problems.push(result.error.message);
    for (const outcome of result.outcomes) {
      if (outcome.pendingAfterSeconds === undefined) continue;
      const problem = await runbookProblem(outcome);
      if (problem !== undefined) problems.push(`${result.scenario.name}: ${problem}`);
    }
  }
  process.stdout.write(`\n${resultTable(results)}`);

  const coverage = alertCoverage(await env.prometheus.api.rules(), [...stages, ...slowStages]);
  for (const { alertname, reason } of coverage.notShown) {
    process.stdout.write(`not shown firing: ${alertname}: ${reason}\n`);
  }
  if (coverage.uncovered.length > 0) {
    problems.push(`alerts no scenario shows firing: ${coverage.uncovered.join(', ')}`);
  }
  if (coverage.unknown.length > 0) {
    problems.push(`scenarios expect alerts no rule defines: ${coverage.unknown.join(', ')}`);
  }
  process.stdout.write(`load: ${env.load.summary()}; `
    + `${((performance.now() - startedAt) / 1000).toFixed(0)} s in all\n`);
  for (const problem of problems) process.stderr.write(`alerting-lab: ${problem}\n`);
  process.removeListener('SIGINT', interrupt);
  process.removeListener('SIGTERM', interrupt);
  return problems.length === 0 ? 0 : 1;
}

interface Options {
  only?: Set<string>;
  slow: boolean;
}

function parseArgs(args: string[]): Options | string {
  const known = new Set(ALL_STAGES.flat().map((scenario) => scenario.name));
  let only: Set<string> | undefined;
  let slow = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return '';
    if (arg === '--slow') {
      slow = true;
      continue;
    }
    if (arg !== '--only') return `unknown argument: ${arg}`;
    const names = (args[i + 1] ?? '').split(',').filter((name) => name !== '');
    const unknown = names.filter((name) => !known.has(name));
    if (names.length === 0 || unknown.length > 0) {
      return `--only takes scenario names; unknown: ${unknown.join(', ') || '(none given)'}`;
    }
    only = new Set(names);
    i += 1;
  }
  return only === undefined ? { slow } : { only, slow };
}
