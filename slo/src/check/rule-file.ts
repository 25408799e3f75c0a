import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import type { Finding, RuleLocation } from './finding.ts';

/** One rule of a rule file, with where it is. */
export interface LoadedRule {
  kind: 'alert' | 'record';
  /** The alert's or the recorded metric's name. */
  name: string;
  expr: string;
  /** The rule's own `labels:` block. */
  labels: Record<string, string>;
  location: RuleLocation;
}

export interface LoadedRuleFile {
  rules: LoadedRule[];
  /** Problems of the file itself: not YAML, or not shaped like a Prometheus rule file. */
  findings: Finding[];
}

/** The path as messages show it: repo-relative inside the repository. */
export function displayPath(file: string): string {
  const inRepo = relative(REPO_ROOT, file);
  return inRepo.startsWith('..') ? file : inRepo;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function stringLabels(node: unknown): Record<string, string> {
  if (!isMap(node)) return {};
  const labels: Record<string, string> = {};
  for (const pair of node.items) {
    const key = scalarText(pair.key);
    const value = scalarText(pair.value);
    if (key !== undefined && value !== undefined) labels[key] = value;
  }
  return labels;
}

/** Reads a Prometheus rule file: every group's rules, or what keeps it from being one. */
export async function loadRuleFile(path: string): Promise<LoadedRuleFile> {
  const file = displayPath(path);
  const lineCounter = new LineCounter();
  const document = parseDocument(await readFile(path, 'utf8'), { lineCounter });
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range === undefined || node.range === null ? undefined
      : lineCounter.linePos(node.range[0]).line;
  const problem = (message: string, line?: number, group?: string, rule?: string): Finding => ({
    code: 'RULES_ERR_RULE_FILE', message,
    location: { file, ...(line === undefined ? {} : { line }),
      ...(group === undefined ? {} : { group }), ...(rule === undefined ? {} : { rule }) },
  });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0].line;
    return { rules: [], findings: [problem(`not valid YAML: ${syntax.message.split('\n')[0]}`,
      line)] };
  }
  const groups = document.get('groups', true);
  if (!isSeq(groups)) {
    return { rules: [], findings: [problem('no `groups:` list (not a Prometheus rule file)')] };
  }
  const rules: LoadedRule[] = [];
  const findings: Finding[] = [];
  for (const groupNode of groups.items) {
    const group = isMap(groupNode) ? scalarText(groupNode.get('name', true)) : undefined;
    const ruleList = isMap(groupNode) ? groupNode.get('rules', true) : undefined;
    if (group === undefined || !isSeq(ruleList)) {
      findings.push(problem('a group needs a `name` and a `rules:` list',
        lineOf(groupNode as Node), group));
      continue;
    }
    for (const ruleNode of ruleList.items) {
      if (!isMap(ruleNode)) {
        findings.push(problem('a rule must be a mapping', lineOf(ruleNode as Node), group));
        continue;
      }
      const alert = scalarText(ruleNode.get('alert', true));
      const record = scalarText(ruleNode.get('record', true));
      const exprNode = ruleNode.get('expr', true);
      const expr = scalarText(exprNode);
      const rule = alert !== undefined ? `alert ${alert}`
        : record !== undefined ? `record ${record}` : undefined;
      const oneKind = (alert === undefined) !== (record === undefined);
      if (rule === undefined || expr === undefined || !oneKind) {
        findings.push(problem('a rule needs exactly one of `alert`/`record`, and an `expr`',
          lineOf(ruleNode), group, rule));
        continue;
      }
      const line = lineOf(exprNode as Node) ?? lineOf(ruleNode);
      rules.push({
        kind: alert !== undefined ? 'alert' : 'record',
        name: alert ?? record ?? '',
        expr,
        labels: stringLabels(ruleNode.get('labels', true)),
        location: { file, ...(line === undefined ? {} : { line }), group, rule },
      });
    }
  }
  return { rules, findings };
}
