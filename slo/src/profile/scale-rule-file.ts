import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { formatDuration, parseDuration } from '../promql/duration.ts';
import { describeFactor, scaleDurationMs, type RuleProfile } from './rule-profile.ts';
import { ScaleExpressionError, scaleExpression } from './scale-expression.ts';

/** A hand-written rule file the profile cannot rescale; names the file and the rule. */
export class ScaleRuleFileError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ScaleRuleFileError';
    this.code = code;
  }
}

function scaleField(node: unknown, profile: RuleProfile, where: string): void {
  if (!isScalar(node)) return;
  const ms = typeof node.value === 'string' ? parseDuration(node.value) : undefined;
  if (ms === undefined) {
    throw new ScaleRuleFileError('SLO_ERR_RULE_DURATION',
      `${where}: "${String(node.value)}" is not a Prometheus duration`);
  }
  node.value = formatDuration(scaleDurationMs(profile, ms, 'step'));
}

function scaleGroups(document: Document, profile: RuleProfile, file: string): void {
  const groups = document.get('groups');
  if (!isSeq(groups)) {
    throw new ScaleRuleFileError('SLO_ERR_RULE_FILE', `${file}: no groups list`);
  }
  for (const group of groups.items) {
    if (!isMap(group)) continue;
    const groupName = String(group.get('name'));
    scaleField(group.get('interval', true), profile, `${file}: group ${groupName}: interval`);
    const rules = group.get('rules');
    if (!isSeq(rules)) continue;
    for (const rule of rules.items) {
      if (!isMap(rule)) continue;
      const where = `${file}: group ${groupName}: rule ${String(rule.get('alert')
        ?? rule.get('record'))}`;
      const expr = rule.get('expr', true);
      if (isScalar(expr)) {
        try {
          expr.value = scaleExpression(String(expr.value), profile);
        } catch (error) {
          if (!(error instanceof ScaleExpressionError)) throw error;
          throw new ScaleRuleFileError(error.code, `${where}: expr: ${error.message}`);
        }
      }
      scaleField(rule.get('for', true), profile, `${where}: for`);
      scaleField(rule.get('keep_firing_for', true), profile, `${where}: keep_firing_for`);
    }
  }
}

/**
 * A hand-written rule file with every PromQL duration (ranges, subqueries, offsets) and every
 * `for`, `keep_firing_for` and group `interval` scaled by the profile. Comments and layout are
 * kept; a header says the file is a scaled copy.
 */
export function scaleRuleFile(source: string, file: string, profile: RuleProfile): string {
  if (profile.factor === 1) return source;
  const document = parseDocument(source);
  if (document.errors.length > 0) {
    throw new ScaleRuleFileError('SLO_ERR_RULE_FILE',
      `${file}: not valid YAML: ${document.errors[0]?.message.split('\n')[0]}`);
  }
  scaleGroups(document, profile, file);
  const note = `${profile.name} profile: a copy of ${file} with durations scaled by `
    + `${describeFactor(profile)}; not for production.`;
  return `# ${note}\n${document.toString({ lineWidth: 0 })}`;
}
