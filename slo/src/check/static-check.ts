import { checkRules, type RuleCheckSummary } from './check-rules.ts';
import type { Exposition } from './exposition.ts';
import { loadRules } from './load-rules.ts';
import { RuleCheckError } from './rule-check-error.ts';

/** The whole static check: load the rule files, then check their expressions. */
export async function checkRuleFiles(files: readonly string[],
  byService: ReadonlyMap<string, Exposition>): Promise<RuleCheckSummary & { files: number }> {
  if (files.length === 0) {
    throw new RuleCheckError('RULES_ERR_NO_RULE_FILES', 'no rule file to check');
  }
  const loaded = await loadRules(files);
  const summary = checkRules(loaded.rules, byService);
  return { ...summary, files: files.length, findings: [...loaded.findings, ...summary.findings] };
}
