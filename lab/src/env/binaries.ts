import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, where bin/setup caches the Go-built binaries under .tools/bin. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a binary: an explicit override (e.g. NSQD_BIN), then the project's .tools/bin, then PATH.
 * Throws with the command that installs it when it is nowhere.
 */
export function findBinary(name: string, override: string | undefined): string {
  if (override !== undefined && override !== '') {
    if (!isExecutable(override)) throw new Error(`${override} is not an executable ${name}`);
    return override;
  }
  const candidates = [join(REPO_ROOT, '.tools', 'bin', name),
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name))];
  const found = candidates.find(isExecutable);
  if (found === undefined) {
    throw new Error(`${name} not found in .tools/bin or PATH; run "bash bin/setup" to build it`);
  }
  return found;
}
