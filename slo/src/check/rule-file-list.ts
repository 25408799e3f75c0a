import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';

/** The rule files every issue-7 tool reads (docs/rule-checks.md). */
export const RULE_FILE_PATTERNS = ['slo/generated/*.rules.yml', 'alerts/generated/*.rules.yml',
  'alerts/rules/*.rules.yml'];

/** Absolute paths of the committed rule files, sorted. */
export async function committedRuleFiles(root = REPO_ROOT): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of RULE_FILE_PATTERNS) {
    for await (const file of glob(pattern, { cwd: root })) files.push(join(root, file));
  }
  return files.sort();
}
