import type { OptionSpec, OptionValues } from './command.ts';
import { parseTimeoutMs } from './durations.ts';
import { UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { tlsFilesFromEnv, type ClientTlsFiles } from './tls.ts';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';
export const DEFAULT_TIMEOUT = '30s';

export const ENV = {
  apiUrl: 'HARBORHOOK_API_URL',
  token: 'HARBORHOOK_TOKEN',
  output: 'HARBORHOOK_OUTPUT',
  timeout: 'HARBORHOOK_TIMEOUT',
} as const;

export type OutputFormat = 'table' | 'json';

/** Flags every command accepts, before or after the command words. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  'api-url': {
    type: 'string',
    value: 'URL',
    help: `API base URL (env ${ENV.apiUrl}; default ${DEFAULT_API_URL})`,
  },
  token: {
    type: 'string',
    value: 'TOKEN',
    help: `bearer token (env ${ENV.token}); never printed`,
  },
  output: {
    type: 'string',
    short: 'o',
    value: 'FORMAT',
    help: `table or json (env ${ENV.output}; default table)`,
  },
  timeout: {
    type: 'string',
    value: 'DURATION',
    help: `per-request timeout: 500ms, 10s, 2m or seconds (env ${ENV.timeout}; `
      + `default ${DEFAULT_TIMEOUT})`,
  },
  help: { type: 'boolean', short: 'h', help: 'show help for the command' },
};

export interface Config {
  apiUrl: string;
  /** Undefined when neither the flag nor the environment gives one. */
  token: string | undefined;
  output: OutputFormat;
  timeoutMs: number;
  /** HARBORHOOK_TLS_*: present only when one of them is set. */
  tls?: ClientTlsFiles;
}

function pick(values: OptionValues, flag: string, env: Io['env'], name: string):
  string | undefined {
  const fromFlag = values[flag];
  if (typeof fromFlag === 'string') return fromFlag;
  const fromEnv = env[name];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** Flags win over the environment, which wins over the defaults. */
export function resolveConfig(values: OptionValues, env: Io['env']): Config {
  const apiUrl = pick(values, 'api-url', env, ENV.apiUrl) ?? DEFAULT_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(apiUrl);
  } catch {
    throw new UsageError(`--api-url is not a URL: "${apiUrl}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--api-url must be http:// or https://, not "${parsed.protocol}"`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new UsageError('--api-url must not have a query or fragment');
  }

  const output = pick(values, 'output', env, ENV.output) ?? 'table';
  if (output !== 'table' && output !== 'json') {
    throw new UsageError(`--output must be table or json, not "${output}"`);
  }

  const timeout = pick(values, 'timeout', env, ENV.timeout) ?? DEFAULT_TIMEOUT;
  const timeoutMs = parseTimeoutMs(timeout);
  if (timeoutMs === undefined) {
    throw new UsageError(`--timeout must be a positive duration like 500ms, 10s or 2m, `
      + `not "${timeout}"`);
  }

  return {
    // A trailing slash would double up with the /v1 paths.
    apiUrl: parsed.href.replace(/\/+$/, ''),
    token: pick(values, 'token', env, ENV.token),
    output,
    timeoutMs,
    ...tlsOption(env),
  };
}

function tlsOption(env: Io['env']): { tls?: ClientTlsFiles } {
  const tls = tlsFilesFromEnv(env);
  return tls === undefined ? {} : { tls };
}
