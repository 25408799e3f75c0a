import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ProfileError } from './profile-error.ts';
import type { LoadProfile } from './profile.ts';
import { validateProfile } from './validate-profile.ts';

/** The committed profiles: load/profiles/<name>.json. */
export const PROFILES_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));
export const PROFILE_NAMES = ['smoke', 'baseline', 'stress', 'spike', 'soak', 'ci-gate'] as const;

/** The file a profile argument names: a bare name is a committed profile, anything else a path. */
export function profilePath(nameOrPath: string): string {
  return /^[a-z0-9-]+$/.test(nameOrPath) ? `${PROFILES_DIR}${nameOrPath}.json` : nameOrPath;
}

/** Reads and validates a profile; every failure is a ProfileError with a stable code. */
export async function readProfile(nameOrPath: string): Promise<LoadProfile> {
  const path = profilePath(nameOrPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ProfileError(path, [{ code: 'LOAD_PROFILE_NOT_FOUND', field: '(file)',
      message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); name one of `
        + `${PROFILE_NAMES.join(', ')} or give a path to a .json file` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ProfileError(path, [{ code: 'LOAD_PROFILE_MALFORMED_JSON', field: '(file)',
      message: `is not JSON: ${(err as Error).message}` }]);
  }
  return validateProfile(json, path);
}
