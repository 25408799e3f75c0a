import { spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../env/binaries.ts';

/** Installed by bin/lib/setup.sh (hh_ensure_schemathesis), pinned to one version. */
export const SCHEMATHESIS_BIN = join(REPO_ROOT, '.tools', 'schemathesis', 'bin', 'schemathesis');

export interface FuzzOptions {
  /** Base URL of a running api on loopback; its /openapi.json is the schema. */
  apiUrl: string;
  /** A bearer token with every scope. */
  token: string;
  /** Test cases per operation and phase. */
  maxExamples: number;
  /** Fixed, so a finding can be reproduced. */
  seed: number;
  /**
   * Real ids for the `{id}` of paths matching each regular expression: random UUIDs only
   * ever find 404, and the code behind them would go untested.
   */
  pathIds?: readonly { pathRegex: string; id: string }[];
}

export interface FuzzResult {
  exitCode: number;
  output: string;
}

/**
 * No answer is a 5xx; every answer's status is documented for its operation, and its body,
 * content type and headers match what is documented for that status.
 */
const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance',
  'content_type_conformance', 'response_headers_conformance'];

/**
 * Runs schemathesis against the api's served OpenAPI document. Requests go only to `apiUrl`:
 * the document names no servers, and the base URL is given explicitly.
 */
export async function runSchemathesis(options: FuzzOptions): Promise<FuzzResult> {
  try {
    await access(SCHEMATHESIS_BIN);
  } catch {
    throw new Error(`${SCHEMATHESIS_BIN} is missing: run bin/harborhook setup`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'harborhook-fuzz-'));
  try {
    const configFile = join(dir, 'schemathesis.toml');
    await writeFile(configFile, configToml(options.pathIds ?? []));
    return await run(['--config-file', configFile, ...runArguments(options)], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function configToml(pathIds: readonly { pathRegex: string; id: string }[]): string {
  return pathIds.map(({ pathRegex, id }) => '[[operations]]\n'
    + `include-path-regex = ${JSON.stringify(pathRegex)}\n`
    + `parameters = { "path.id" = ${JSON.stringify(id)} }\n`).join('\n');
}

function runArguments(options: FuzzOptions): string[] {
  return ['run', `${options.apiUrl}/openapi.json`, '--url', options.apiUrl,
    '--checks', CHECKS.join(','),
    '--max-examples', String(options.maxExamples), '--seed', String(options.seed),
    // One worker: CPython 3.11 can fail building ASTs in two threads at once (gh-106905),
    // which hypothesis does while describing strategies; that error is the tool's, not ours.
    '--workers', '1', '--generation-database', 'none', '--request-timeout', '20',
    '--no-color', '--header', `Authorization: Bearer ${options.token}`];
}

/** Runs in `cwd`: schemathesis keeps a cache (`.schemathesis/`) in its working directory. */
async function run(args: string[], cwd: string): Promise<FuzzResult> {
  return await new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // No colours and a wide terminal keep the report readable in a test failure.
    const child = spawn(SCHEMATHESIS_BIN, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', COLUMNS: '120' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ exitCode: code ?? 1, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
