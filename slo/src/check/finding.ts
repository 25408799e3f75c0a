import type { RuleCheckCode } from './rule-check-error.ts';

/** Where a finding is: the rule file (repo-relative when inside the repo), group and rule. */
export interface RuleLocation {
  file: string;
  /** 1-based line of the rule's `expr` (or of the problem in the file), when known. */
  line?: number;
  group?: string;
  /** `alert <Name>` or `record <name>`. */
  rule?: string;
}

/** One problem the static check found. */
export interface Finding {
  code: RuleCheckCode;
  location: RuleLocation;
  /** What is wrong, naming the metric, label or value and the closest known alternative. */
  message: string;
}

/** One line: code, where, what. */
export function formatFinding({ code, location, message }: Finding): string {
  const where = [location.line === undefined ? location.file : `${location.file}:${location.line}`];
  if (location.group !== undefined) where.push(`group "${location.group}"`);
  if (location.rule !== undefined) where.push(location.rule);
  return `${code} ${where.join(' ')}: ${message}`;
}
