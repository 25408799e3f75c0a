import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';

/**
 * Where every rule file lives, relative to the repository: the generated SLO recording rules,
 * the generated burn-rate alerts and the hand-written alerts. Every tool (promtool checks, the
 * static check, the lab profile) discovers rule files here, so none can miss a new one.
 */
export const RULE_FILE_PATTERNS = [
  'slo/generated/*.rules.yml',
  'alerts/generated/*.rules.yml',
  'alerts/rules/*.rules.yml',
] as const;

/** Every rule file of the repository as absolute paths, sorted (so callers are deterministic). */
export async function listRuleFiles(root: string = REPO_ROOT): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of RULE_FILE_PATTERNS) {
    for await (const file of glob(pattern, { cwd: root })) files.push(join(root, file));
  }
  return files.sort();
}
