import { stringify } from 'yaml';
import type { RuleGroup } from './rule-types.ts';

/**
 * A rule file's text: the header, then the groups as YAML with multi-line expressions as block
 * literals and no line folding, so the same groups always give the same bytes.
 */
export function renderRuleFile(header: readonly string[], groups: readonly RuleGroup[]): string {
  const body = stringify({ groups }, { lineWidth: 0, indent: 2, blockQuote: 'literal',
    aliasDuplicateObjects: false });
  return `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}`;
}
