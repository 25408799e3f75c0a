import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadDevSigner, mintToken } from '@harborhook/lab/auth/dev-keys';
import { LOAD_SCOPES } from '../run-load.ts';

const run = promisify(execFile);

export class TokenSourceError extends Error {
  readonly code = 'LOAD_TOKEN_UNAVAILABLE';
}

/**
 * `--token-command`: a shell command that prints a token for the tenant in
 * $HARBORHOOK_LOAD_TENANT (passed in the environment, never spliced into the command). The
 * token needs the scopes events:publish and endpoints:manage.
 */
export function commandTokens(command: string): (tenant: string) => Promise<string> {
  return async (tenant) => {
    const { stdout } = await run('sh', ['-c', command], {
      env: { ...process.env, HARBORHOOK_LOAD_TENANT: tenant }, timeout: 30_000,
    }).catch((err: Error & { code?: unknown }) => {
      throw new TokenSourceError(`--token-command failed for tenant ${tenant} `
        + `(exit ${String(err.code ?? '?')})`);
    });
    const token = stdout.trim();
    if (token === '' || /\s/.test(token)) {
      throw new TokenSourceError('--token-command must print one token and nothing else');
    }
    return token;
  };
}

/**
 * The development keys of `bin/harborhook dev` (its state directory's `keys`), as
 * `bin/harborhook token` uses them: tokens for any tenant, valid for `ttlSeconds`.
 */
export async function devKeyTokens(stateDir: string,
  ttlSeconds: number): Promise<(tenant: string) => Promise<string>> {
  const keyDir = join(stateDir, 'keys');
  const signer = await loadDevSigner(keyDir).catch((err: Error) => {
    throw new TokenSourceError(`no usable development key in ${keyDir} (${err.message}): run `
      + '"bin/harborhook dev" first, or pass --token-command');
  });
  return async (tenant) => await mintToken(signer, { tenant, scopes: LOAD_SCOPES, ttlSeconds });
}
