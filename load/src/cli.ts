import { join } from 'node:path';
import { parseCliArgs } from '@harborhook/lab/cli/cli-args';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { commandTokens, devKeyTokens, TokenSourceError } from './cli/token-source.ts';
import { ProfileError } from './profile/profile-error.ts';
import { PROFILE_NAMES, readProfile } from './profile/read-profile.ts';
import { scaleProfile } from './profile/scale-profile.ts';
import { formatSummary } from './results/format-summary.ts';
import { runLoad } from './run-load.ts';
import { fail, wholeNumber } from './cli/cli-exit.ts';

const USAGE = `
Usage: npm run load -- --profile NAME|FILE [options]
       node load/src/cli.ts --profile NAME|FILE [options]

Runs a load profile against a running api with the open-model driver: registers endpoints
pointing at load receivers on 127.0.0.1, publishes on the profile's schedule, waits for the
deliveries, and writes a results file. Exit status: 0 every threshold held, 1 a threshold
broke, 2 bad arguments, profile or token, 3 the run could not be set up.

  --profile NAME|FILE    ${PROFILE_NAMES.join(', ')} (load/profiles/NAME.json) or a JSON file
  --api-url URL          the api (default http://127.0.0.1:8080, as "bin/harborhook dev")
  --duration-scale X     multiply every stage's duration (0.1 for a short run)
  --rate-scale X         multiply every rate
  --out FILE             results JSON (default .harborhook/load/<profile>-<time>.json)
  --token-command CMD    prints a token for the tenant in $HARBORHOOK_LOAD_TENANT, with the
                         scopes events:publish and endpoints:manage; e.g.
                         'bin/harborhook token --tenant "$HARBORHOOK_LOAD_TENANT"'
  --state-dir DIR        without --token-command: mint tokens with the development keys of
                         this dev state directory (default .harborhook/dev)
  --connections N        keep-alive connections to the api (default 64)
  --receiver-servers N   HTTP servers the load receivers share (default 4)
  --quiet                no progress line on stderr

The api must allow deliveries to 127.0.0.1 (OUTBOUND_ALLOWED_NETWORKS; "bin/harborhook dev"
does). Each run uses tenants of its own (<name>-<run id>) and deletes its endpoints at the end.
`;
const args = parseCliArgs(USAGE, {
  profile: { type: 'string' },
  'api-url': { type: 'string', default: 'http://127.0.0.1:8080' },
  'duration-scale': { type: 'string', default: '1' },
  'rate-scale': { type: 'string', default: '1' },
  out: { type: 'string' },
  'token-command': { type: 'string' },
  'state-dir': { type: 'string', default: join(REPO_ROOT, '.harborhook', 'dev') },
  connections: { type: 'string', default: '64' },
  'receiver-servers': { type: 'string', default: '4' },
  quiet: { type: 'boolean' },
});


const profileArg = args.optional('profile') ?? fail(`--profile is required\n${USAGE}`, 2);
const apiUrl = args.string('api-url');
if (!/^https?:\/\/[^/]+\/?$/.test(apiUrl)) fail('--api-url must be like http://127.0.0.1:8080', 2);
const connections = wholeNumber('connections', args.string('connections'), 10_000);
const receiverServers = wholeNumber('receiver-servers', args.string('receiver-servers'), 64);

let profile;
try {
  profile = scaleProfile(await readProfile(profileArg), {
    duration: Number(args.string('duration-scale')), rate: Number(args.string('rate-scale')),
  });
} catch (err) {
  if (err instanceof ProfileError) fail(err.message, 2);
  throw err;
}

const tokenCommand = args.optional('token-command');
// Tokens must outlive the run: its duration, the drain and a margin for setup.
const ttlSeconds = Math.ceil(profile.durationSeconds + profile.drainTimeoutSeconds + 600);
const mintToken = tokenCommand !== undefined ? commandTokens(tokenCommand)
  : await devKeyTokens(args.string('state-dir'), ttlSeconds).catch((err: Error) =>
    fail(err.message, 2));

const outFile = args.optional('out') ?? join(REPO_ROOT, '.harborhook', 'load',
  `${profile.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const interrupt = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('interrupted: no new publishes; draining and writing results\n');
  interrupt.abort();
});

try {
  const results = await runLoad({ apiUrl, mintToken, profile, connections, receiverServers,
    outFile, signal: interrupt.signal, progress: args.flag('quiet') ? false : process.stderr });
  process.stdout.write(`${formatSummary(results)}\nresults: ${outFile}\n`);
  process.exit(results.passed ? 0 : 1);
} catch (err) {
  if (err instanceof TokenSourceError) fail(err.message, 2);
  const code = (err as { code?: unknown }).code;
  fail(`load run failed: ${(err as Error).message}${typeof code === 'string' ? ` (${code})` : ''}`,
    3);
}
