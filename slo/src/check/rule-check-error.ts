/**
 * Stable codes of the static rule check, one per kind of problem, so CI output and tests can
 * tell them apart. docs/rule-checks.md explains each one.
 */
export type RuleCheckCode =
  /** A selector names a metric that no service exposes and no rule records. */
  | 'RULES_ERR_UNKNOWN_METRIC'
  /** A matcher names a label the metric does not carry. */
  | 'RULES_ERR_UNKNOWN_LABEL'
  /** An `=` matcher asks for a label value the metric was never seen with. */
  | 'RULES_ERR_UNKNOWN_LABEL_VALUE'
  /** An `=~` matcher whose regex matches none of the values seen. */
  | 'RULES_ERR_REGEX_MATCHES_NOTHING'
  /** A matcher's regex that does not compile. */
  | 'RULES_ERR_BAD_REGEX'
  /** An expression the PromQL grammar does not accept. */
  | 'RULES_ERR_PROMQL_SYNTAX'
  /** A rule file that is not YAML, or not shaped like a Prometheus rule file. */
  | 'RULES_ERR_RULE_FILE'
  /** No rule file to check: a check of nothing must not pass. */
  | 'RULES_ERR_NO_RULE_FILES'
  /** A service's /metrics could not be read or parsed. */
  | 'RULES_ERR_EXPOSITION'
  /** The command was called with options it does not understand. */
  | 'RULES_ERR_USAGE';

/** A problem that stops the check from running at all (as opposed to a finding in a rule). */
export class RuleCheckError extends Error {
  readonly code: RuleCheckCode;

  constructor(code: RuleCheckCode, message: string, options?: ErrorOptions) {
    super(`${code}: ${message}`, options);
    this.name = 'RuleCheckError';
    this.code = code;
  }
}
