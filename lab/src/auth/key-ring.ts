import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JWK } from 'jose';
import {
  generateSigningKey, privateKeyPem, signingKeyFromPem, type SigningAlgorithm, type SigningKey,
} from './signing-key.ts';

/**
 * The token signing keys of a state directory and their rotation. Every key is in one state:
 * `pending` (published in the JWKS, not signing yet), `current` (signs new tokens; exactly one),
 * `previous` (published so its tokens still verify, no longer signing) or `retired` (gone from the
 * JWKS and its private key deleted). Files under `dir`:
 *   keyring.json      the keys' states and public halves (nothing secret)
 *   jwks.json         the public set the api trusts (AUTH_JWKS_FILE), replaced atomically
 *   private/KID.pem   each private key that may still sign, 0600 in a 0700 folder
 */
export type KeyState = 'pending' | 'current' | 'previous' | 'retired';

export interface KeyRecord {
  kid: string;
  alg: SigningAlgorithm;
  state: KeyState;
  /** ISO timestamps of the changes, for `keys list` and the runbook's waiting periods. */
  created: string;
  promoted?: string;
  demoted?: string;
  retired?: string;
  publicJwk: JWK;
}

/** A refused rotation step, worded for the operator who asked for it. */
export class KeyRingError extends Error {}

export function jwksFileOf(dir: string): string {
  return join(dir, 'jwks.json');
}

function privateFileOf(dir: string, kid: string): string {
  return join(dir, 'private', `${kid}.pem`);
}

/** Written next to the target and renamed over it, so a reader never sees half a file. */
async function replaceFile(file: string, text: string, mode: number): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { mode, flag: 'wx' });
  await chmod(temp, mode);
  await rename(temp, file);
}

/** The JWKS holds every key that is not retired: pending ones so they are trusted before use. */
async function save(dir: string, keys: KeyRecord[]): Promise<void> {
  await replaceFile(join(dir, 'keyring.json'), `${JSON.stringify({ keys }, null, 2)}\n`, 0o644);
  const published = keys.filter((key) => key.state !== 'retired').map((key) => key.publicJwk);
  await replaceFile(jwksFileOf(dir), `${JSON.stringify({ keys: published }, null, 2)}\n`, 0o644);
}

async function savePrivateKey(dir: string, key: SigningKey): Promise<void> {
  await mkdir(join(dir, 'private'), { recursive: true, mode: 0o700 });
  await replaceFile(privateFileOf(dir, key.kid), await privateKeyPem(key), 0o600);
}

function recordOf(key: SigningKey, state: KeyState): KeyRecord {
  const now = new Date().toISOString();
  return { kid: key.kid, alg: key.alg, state, created: now,
    ...(state === 'current' ? { promoted: now } : {}), publicJwk: key.publicJwk };
}

/** A state directory from before key rotation: signing-key.pem, kid and jwks.json. */
async function migrateSingleKey(dir: string): Promise<KeyRecord[] | undefined> {
  let pem: string;
  let kid: string;
  let jwks: { keys: JWK[] };
  try {
    pem = await readFile(join(dir, 'signing-key.pem'), 'utf8');
    kid = (await readFile(join(dir, 'kid'), 'utf8')).trim();
    jwks = JSON.parse(await readFile(jwksFileOf(dir), 'utf8')) as { keys: JWK[] };
  } catch {
    return undefined;
  }
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (jwk === undefined) return undefined;
  const key = await signingKeyFromPem(pem, { ...jwk, alg: jwk.alg ?? 'RS256' });
  await savePrivateKey(dir, key);
  const keys = [recordOf(key, 'current')];
  await save(dir, keys);
  await rm(join(dir, 'signing-key.pem'), { force: true });
  await rm(join(dir, 'kid'), { force: true });
  return keys;
}

/** The keys of `dir`, or undefined when it has none. */
export async function readKeyRing(dir: string): Promise<KeyRecord[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'keyring.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return await migrateSingleKey(dir);
  }
  return (JSON.parse(text) as { keys: KeyRecord[] }).keys;
}

async function requireKeyRing(dir: string): Promise<KeyRecord[]> {
  const keys = await readKeyRing(dir);
  if (keys === undefined) throw new KeyRingError(`no signing keys in ${dir}`);
  return keys;
}

function find(keys: KeyRecord[], kid: string): KeyRecord {
  const key = keys.find((k) => k.kid === kid);
  if (key === undefined) throw new KeyRingError(`no key "${kid}" (see: keys list)`);
  return key;
}

/** A new key ring whose one key is current; replaces whatever `dir` held. */
export async function createKeyRing(dir: string, key: SigningKey): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await savePrivateKey(dir, key);
  await save(dir, [recordOf(key, 'current')]);
}

/** Step 1 of a rotation: a new key the api trusts from now on, not yet signing. */
export async function addKey(dir: string, alg: SigningAlgorithm): Promise<SigningKey> {
  const keys = await requireKeyRing(dir);
  const key = await generateSigningKey(alg);
  await savePrivateKey(dir, key);
  await save(dir, [...keys, recordOf(key, 'pending')]);
  return key;
}

/**
 * Step 2: `kid` signs new tokens and the current key becomes previous, still trusted. Promoting
 * a previous key back is the roll-back of a promotion.
 */
export async function promoteKey(dir: string, kid: string): Promise<KeyRecord | undefined> {
  const keys = await requireKeyRing(dir);
  const key = find(keys, kid);
  if (key.state === 'current') throw new KeyRingError(`"${kid}" is already current`);
  if (key.state === 'retired') {
    throw new KeyRingError(`"${kid}" is retired and its private key deleted; add a new key`);
  }
  const now = new Date().toISOString();
  const demoted = keys.find((k) => k.state === 'current');
  if (demoted !== undefined) Object.assign(demoted, { state: 'previous', demoted: now });
  Object.assign(key, { state: 'current', promoted: now });
  await save(dir, keys);
  return demoted;
}

/** Step 3: `kid` leaves the JWKS, so its tokens are refused; its private key is deleted. */
export async function retireKey(dir: string, kid: string): Promise<KeyRecord> {
  const keys = await requireKeyRing(dir);
  const key = find(keys, kid);
  if (key.state === 'current') {
    throw new KeyRingError(`"${kid}" is the current key: promote another key first`);
  }
  if (key.state === 'retired') throw new KeyRingError(`"${kid}" is already retired`);
  Object.assign(key, { state: 'retired', retired: new Date().toISOString() });
  // Published first: the key stops being trusted even if deleting the file then fails.
  await save(dir, keys);
  await rm(privateFileOf(dir, kid), { force: true });
  return key;
}

/** The key that signs tokens: the current one, or a named key that is not retired. */
export async function loadSigningKey(dir: string, kid?: string): Promise<SigningKey> {
  const keys = await requireKeyRing(dir);
  const record = kid === undefined ? keys.find((k) => k.state === 'current') : find(keys, kid);
  if (record === undefined) throw new KeyRingError(`no current key in ${dir}`);
  if (record.state === 'retired') throw new KeyRingError(`"${record.kid}" is retired`);
  const pem = await readFile(privateFileOf(dir, record.kid), 'utf8');
  return await signingKeyFromPem(pem, record.publicJwk);
}

/** The public set as published: what the api trusts. */
export async function readPublishedJwks(dir: string): Promise<{ keys: JWK[] }> {
  return JSON.parse(await readFile(jwksFileOf(dir), 'utf8')) as { keys: JWK[] };
}
