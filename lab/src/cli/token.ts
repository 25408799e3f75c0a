import { join } from 'node:path';
import { parseCliArgs } from './cli-args.ts';
import { ALL_SCOPES, loadDevSigner, mintToken } from '../auth/dev-keys.ts';
import { REPO_ROOT } from '../env/binaries.ts';

/**
 * `bin/harborhook token --tenant acme [--scopes "events:publish deliveries:read"] [--ttl 3600]`
 * prints a development token signed with the current development key.
 */
const USAGE = `
Usage: bin/harborhook token [--tenant T] [--scopes "S ..."] [--ttl SECONDS] [--kid K]
                            [--state-dir DIR]

Prints a development token signed with the current key of the state directory (the key
"bin/harborhook dev" generated, or the one "bin/harborhook keys promote" made current).

  --tenant T        the tenant claim (default acme)
  --scopes "S ..."  space- or comma-separated (default all: ${ALL_SCOPES.join(' ')})
  --ttl SECONDS     lifetime, 1 to 604800 (default 3600)
  --kid K           sign with this published key instead, to check it before promoting it
  --state-dir DIR   the dev command's state directory (default .harborhook/dev)
`;
const values = parseCliArgs(USAGE, {
  tenant: { type: 'string', default: 'acme' },
  scopes: { type: 'string', default: ALL_SCOPES.join(' ') },
  ttl: { type: 'string', default: '3600' },
  kid: { type: 'string' },
  'state-dir': { type: 'string', default: join(REPO_ROOT, '.harborhook', 'dev') },
});

const keyDir = join(values.string('state-dir'), 'keys');
const ttlSeconds = Number(values.string('ttl'));
if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 7 * 86_400) {
  console.error('--ttl must be a whole number of seconds from 1 to 604800');
  process.exit(2);
}
const signer = await loadDevSigner(keyDir, values.optional('kid')).catch((err: Error) => {
  console.error(`no usable development key in ${keyDir} (${err.message}): run `
    + '"bin/harborhook dev" or "bin/harborhook keys generate" first');
  process.exit(1);
});
const scopes = values.string('scopes').split(/[\s,]+/).filter((scope) => scope !== '');
const token = await mintToken(signer, { tenant: values.string('tenant'), scopes, ttlSeconds });
process.stdout.write(`${token}\n`);
