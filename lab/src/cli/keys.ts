import { join } from 'node:path';
import { parseCliArgs } from './cli-args.ts';
import {
  addKey, createKeyRing, jwksFileOf, KeyRingError, promoteKey, readKeyRing, retireKey,
  type KeyRecord,
} from '../auth/key-ring.ts';
import { generateSigningKey, isSigningAlgorithm, SIGNING_ALGORITHMS } from '../auth/signing-key.ts';
import { REPO_ROOT } from '../env/binaries.ts';

const USAGE = `
Usage: bin/harborhook keys <generate|add|promote|retire|list> [options]

The development token signing keys, rotated without downtime (runbooks/jwks-key-rotation.md).
Private keys stay in DIR/keys/private (0600); DIR/keys/jwks.json is the public set the api
trusts (the dev command's AUTH_JWKS_FILE), replaced atomically after each change; a running api
picks the change up without a restart.

  generate [--alg A]  a new key ring with one current key (refused when DIR has keys)
  add [--alg A]       a new key, published in the JWKS but not signing yet; prints its kid
  promote --kid K     K signs new tokens; the current key stays published as "previous"
  retire --kid K      K leaves the JWKS, so its tokens are refused; its private key is deleted
  list                every key: kid, algorithm, state and when it changed

  --alg A             ${SIGNING_ALGORITHMS.join(' or ')} (default RS256)
  --kid K             the key to promote or retire
  --state-dir DIR     the dev command's state directory (default .harborhook/dev)
`;

const subcommand = process.argv[2] ?? '';
const values = parseCliArgs(USAGE, {
  alg: { type: 'string', default: 'RS256' },
  kid: { type: 'string' },
  'state-dir': { type: 'string', default: join(REPO_ROOT, '.harborhook', 'dev') },
}, process.argv.slice(subcommand.startsWith('-') ? 2 : 3));

const dir = join(values.string('state-dir'), 'keys');

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE.trim()}\n`);
  process.exit(2);
}

function algorithm(): 'RS256' | 'ES256' {
  const alg = values.string('alg');
  if (!isSigningAlgorithm(alg)) usageError(`--alg must be ${SIGNING_ALGORITHMS.join(' or ')}`);
  return alg;
}

function kid(): string {
  const value = values.optional('kid');
  if (value === undefined || value === '') usageError(`keys ${subcommand} needs --kid`);
  return value;
}

function describe(key: KeyRecord): string {
  const since = key.retired ?? key.demoted ?? key.promoted ?? key.created;
  return `${key.kid.padEnd(24)} ${key.alg}  ${key.state.padEnd(8)}  since ${since}`;
}

async function run(): Promise<void> {
  switch (subcommand) {
    case 'generate': {
      if (await readKeyRing(dir) !== undefined) {
        throw new KeyRingError(`${dir} has keys already: rotate them with add, promote, retire`);
      }
      const key = await generateSigningKey(algorithm());
      await createKeyRing(dir, key);
      process.stderr.write(`${key.kid} is the current key; the api trusts ${jwksFileOf(dir)}\n`);
      process.stdout.write(`${key.kid}\n`);
      return;
    }
    case 'add': {
      const key = await addKey(dir, algorithm());
      process.stderr.write(`${key.kid} is published in ${jwksFileOf(dir)} and not signing yet; `
        + `check it, then: keys promote --kid ${key.kid}\n`);
      process.stdout.write(`${key.kid}\n`);
      return;
    }
    case 'promote': {
      const promoted = kid();
      const demoted = await promoteKey(dir, promoted);
      process.stderr.write(`${promoted} now signs new tokens`
        + (demoted === undefined ? '\n' : `; ${demoted.kid} stays trusted until `
          + `its last token expires, then: keys retire --kid ${demoted.kid}\n`));
      return;
    }
    case 'retire': {
      const retired = await retireKey(dir, kid());
      process.stderr.write(`${retired.kid} is no longer trusted; its private key is deleted\n`);
      return;
    }
    case 'list': {
      const keys = await readKeyRing(dir);
      if (keys === undefined) throw new KeyRingError(`no signing keys in ${dir}`);
      process.stdout.write(`${keys.map(describe).join('\n')}\n`);
      return;
    }
    default:
      usageError(subcommand === '' ? 'name a subcommand' : `unknown subcommand: ${subcommand}`);
  }
}

try {
  await run();
} catch (err) {
  if (!(err instanceof KeyRingError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
