import type { Finding } from './finding.ts';
import { loadRuleFile, type LoadedRule } from './rule-file.ts';

/** Every rule of every file, and every problem of the files themselves. */
export async function loadRules(files: readonly string[]):
  Promise<{ rules: LoadedRule[]; findings: Finding[] }> {
  const rules: LoadedRule[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const loaded = await loadRuleFile(file);
    rules.push(...loaded.rules);
    findings.push(...loaded.findings);
  }
  return { rules, findings };
}
