import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseCliArgs } from '@harborhook/lab/cli/cli-args';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { ProfileError } from '../profile/profile-error.ts';
import { readProfile } from '../profile/read-profile.ts';
import { scaleProfile } from '../profile/scale-profile.ts';
import { BenchError } from './bench-error.ts';
import { buildReport } from './bench-report.ts';
import { parseBenchResults } from './bench-results.ts';
import { type ComparableSetup, setupDifferences } from './comparable-setup.ts';
import {
  compareResults, DEFAULT_TOLERANCES, formatComparison, tolerancesWithLimit, type Comparison,
} from './compare-results.ts';
import { runBench } from './run-bench.ts';
import { fail, wholeNumber } from '../cli/cli-exit.ts';

const USAGE = `
Usage: npm run bench -- [options]
       bin/harborhook bench [options]

Starts the platform in a lab on this machine, measures the ceilings (a do-nothing Fastify
handler, Postgres's smallest publish-shaped transaction), drives the profiles through the load
driver while sampling every process, and writes <name>.json, <name>.md and <name>-*.svg.
Exit status: 0 done (and, with --compare, nothing regressed), 1 a figure regressed,
2 bad arguments, profile or results file, 3 the run failed.

  --profiles LIST        comma-separated names or files (default baseline,stress)
  --duration-scale X     multiply every stage's duration (0.1 for a short run)
  --rate-scale X         multiply every rate
  --workers N            worker processes (default 2)
  --connections N        the driver's keep-alive connections (default 64)
  --ceiling-seconds N    how long each ceiling is measured (default 10)
  --note TEXT            the conditions, recorded in the results and the report
  --out-dir DIR          where the files go (default load/results, or .harborhook/bench
                         with --compare)
  --name NAME            file name (default: the package version)
  --compare FILE         compare with this results file (e.g. load/results/baseline.json);
                         exits 1 when a figure regressed beyond its limit
  --results FILE         with --compare: compare this results file instead of running
  --limit X              with --compare: how many times worse (normalised) a throughput,
                         time, size or ratio may get before it fails (default per kind:
                         1.25 to 1.5; never narrower than that)
  --save-baseline        also copy the results to <out-dir>/baseline.json
  --via-toxiproxy        keep the lab's Toxiproxy hop between the services and Postgres/nsqd
                         (default: the services reach them directly)
  --cpu-prof DIR         run api and workers with node --cpu-prof, profiles written to DIR
  --quiet                no progress lines
`;
const args = parseCliArgs(USAGE, {
  profiles: { type: 'string', default: 'baseline,stress' },
  'duration-scale': { type: 'string', default: '1' },
  'rate-scale': { type: 'string', default: '1' },
  workers: { type: 'string', default: '2' },
  connections: { type: 'string', default: '64' },
  'ceiling-seconds': { type: 'string', default: '10' },
  note: { type: 'string', default: '' },
  'out-dir': { type: 'string' },
  name: { type: 'string' },
  compare: { type: 'string' },
  results: { type: 'string' },
  limit: { type: 'string' },
  'save-baseline': { type: 'boolean' },
  'cpu-prof': { type: 'string' },
  'via-toxiproxy': { type: 'boolean' },
  quiet: { type: 'boolean' },
});


async function readResults(file: string): Promise<ReturnType<typeof parseBenchResults>> {
  const text = await readFile(file, 'utf8').catch((err: Error) =>
    fail(`cannot read ${file}: ${err.message} (BENCH_RESULTS_NOT_FOUND)`, 2));
  try {
    return parseBenchResults(text, file);
  } catch (err) {
    if (err instanceof BenchError) fail(`${err.message} (${err.code})`, 2);
    throw err;
  }
}

const compareFile = args.optional('compare');
const baseline = compareFile === undefined ? undefined : await readResults(compareFile);
const existing = args.optional('results');
if (existing !== undefined && baseline === undefined) fail('--results needs --compare', 2);
const limitText = args.optional('limit');
if (limitText !== undefined && baseline === undefined) {
  fail('--limit needs --compare (BENCH_ARGS_INVALID)', 2);
}
const limit = limitText === undefined ? undefined : Number(limitText);
if (limit !== undefined && !(Number.isFinite(limit) && limit >= 1)) {
  fail(`--limit must be a number of at least 1, got "${limitText}" (BENCH_ARGS_INVALID)`, 2);
}
const tolerances = limit === undefined ? DEFAULT_TOLERANCES : tolerancesWithLimit(limit);

/** Refuses a comparison whose runs were set up differently (see comparable-setup.ts). */
function requireSameSetup(setup: ComparableSetup): void {
  if (baseline === undefined) return;
  const differences = setupDifferences(baseline.setup, setup);
  if (differences.length > 0) {
    fail(`the run's setup differs from the baseline's, so its figures do not compare: `
      + `${differences.join(', ')} (BENCH_COMPARE_SETUP_MISMATCH)`, 2);
  }
}

if (existing !== undefined && baseline !== undefined) {
  const current = await readResults(existing);
  requireSameSetup(current.setup);
  const comparison = compareResults(baseline.figures, current.figures, tolerances);
  process.stdout.write(`${formatComparison(comparison)}\n`);
  process.exit(comparison.regressed ? 1 : 0);
}

const workers = wholeNumber('workers', args.string('workers'), 32);
const connections = wholeNumber('connections', args.string('connections'), 10_000);
const ceilingSeconds = wholeNumber('ceiling-seconds', args.string('ceiling-seconds'), 600);
const durationScale = Number(args.string('duration-scale'));
const rateScale = Number(args.string('rate-scale'));
let profiles;
try {
  profiles = await Promise.all(args.string('profiles').split(',').filter((p) => p !== '')
    .map(async (name) => scaleProfile(await readProfile(name.trim()),
      { duration: durationScale, rate: rateScale })));
} catch (err) {
  if (err instanceof ProfileError) fail(err.message, 2);
  throw err;
}
if (profiles.length === 0) fail('--profiles names no profile', 2);

requireSameSetup({ workers, connections, toxiproxy: args.flag('via-toxiproxy'), durationScale,
  rateScale });

const cpuProfDir = args.optional('cpu-prof');
if (cpuProfDir !== undefined) await mkdir(cpuProfDir, { recursive: true });
const cpuProf = cpuProfDir === undefined ? undefined
  : { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfDir}` };
const quiet = args.flag('quiet');
const outDir = args.optional('out-dir') ?? (baseline === undefined
  ? join(REPO_ROOT, 'load', 'results') : join(REPO_ROOT, '.harborhook', 'bench'));

let results;
try {
  results = await runBench({ profiles, workers, connections, ceilingSeconds, durationScale,
    rateScale, note: args.string('note'), progress: quiet ? false : process.stderr,
    viaToxiproxy: args.flag('via-toxiproxy'),
    ...(cpuProf === undefined ? {} : { env: { api: cpuProf, worker: cpuProf } }) });
} catch (err) {
  const code = (err as { code?: unknown }).code;
  fail(`bench run failed: ${(err as Error).message}${typeof code === 'string' ? ` (${code})`
    : ''}`, 3);
}

const name = args.optional('name') ?? results.version;
if (!/^[\w.-]+$/.test(name)) fail('--name may hold letters, digits, ".", "_" and "-"', 2);
const comparison: Comparison | undefined = baseline === undefined ? undefined
  : compareResults(baseline.figures, results.figures, tolerances);
const report = buildReport(results, name, comparison);
await mkdir(outDir, { recursive: true });
const jsonFile = join(outDir, `${name}.json`);
await writeFile(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
await writeFile(join(outDir, `${name}.md`), report.markdown);
for (const [file, svg] of Object.entries(report.charts)) {
  await writeFile(join(outDir, basename(file)), svg);
}
if (args.flag('save-baseline')) await copyFile(jsonFile, join(outDir, 'baseline.json'));
process.stdout.write(`${report.markdown}\nresults: ${jsonFile}\n`);
process.exit(comparison?.regressed === true ? 1 : 0);
