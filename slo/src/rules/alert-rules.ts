import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** One alerting rule of a rule file, as written (templates unexpanded). */
export interface AlertRule {
  file: string;
  group: string;
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' || typeof entry === 'number') map[key] = String(entry);
  }
  return map;
}

/** Every alerting rule (not recording rule) of a Prometheus rule file, in file order. */
export async function readAlertRules(file: string): Promise<AlertRule[]> {
  const document: unknown = parse(await readFile(file, 'utf8'));
  const groups = isRecord(document) && Array.isArray(document.groups) ? document.groups : [];
  const alerts: AlertRule[] = [];
  for (const group of groups) {
    if (!isRecord(group) || !Array.isArray(group.rules)) continue;
    for (const rule of group.rules) {
      if (!isRecord(rule) || typeof rule.alert !== 'string') continue;
      alerts.push({
        file,
        group: String(group.name),
        alert: rule.alert,
        expr: String(rule.expr),
        labels: stringMap(rule.labels),
        annotations: stringMap(rule.annotations),
      });
    }
  }
  return alerts;
}
