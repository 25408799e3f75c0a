import { access, glob, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { AlertRule } from './alert-rules.ts';

/** What a severity means is written in docs/alerting.md; these are the only two. */
export const SEVERITIES = ['page', 'ticket'] as const;
export const SERVICES = ['api', 'relay', 'worker', 'platform'] as const;
/** An alert per process may take its service from the series (api, relay or worker). */
export const SERVICE_FROM_SERIES = '{{ $labels.service }}';

/** One broken convention, with a stable code and the rule it is about. */
export interface ConventionProblem {
  code: string;
  message: string;
}

/** `HarborhookNsqDepthHigh` → `harborhook-nsq-depth-high`, the runbook's file name. */
export function kebabCase(alertName: string): string {
  return alertName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Everything about one alert that breaks docs/alerting.md's conventions; empty when none. */
export async function alertConventionProblems(rule: AlertRule, root: string):
Promise<ConventionProblem[]> {
  const where = `${relative(root, rule.file)}: ${rule.alert}`;
  const problems: ConventionProblem[] = [];
  const problem = (code: string, text: string): void => {
    problems.push({ code, message: `${where}: ${text}` });
  };
  if (!/^Harborhook[A-Z][A-Za-z0-9]*$/.test(rule.alert)) {
    problem('ALERT_ERR_NAME', 'the name is not PascalCase starting with Harborhook');
  }
  const { severity, service } = rule.labels;
  if (!(SEVERITIES as readonly (string | undefined)[]).includes(severity)) {
    problem('ALERT_ERR_SEVERITY', `label severity is ${JSON.stringify(severity)}, `
      + `not one of ${SEVERITIES.join(', ')}`);
  }
  if (!(SERVICES as readonly (string | undefined)[]).includes(service)
    && service !== SERVICE_FROM_SERIES) {
    problem('ALERT_ERR_SERVICE', `label service is ${JSON.stringify(service)}, not one of `
      + `${SERVICES.join(', ')} or ${SERVICE_FROM_SERIES}`);
  }
  const { summary, description, runbook_url: runbookUrl } = rule.annotations;
  if (summary === undefined || summary.trim() === '') {
    problem('ALERT_ERR_SUMMARY', 'annotation summary is missing');
  } else if (summary.includes('{{')) {
    problem('ALERT_ERR_SUMMARY', 'annotation summary is templated; it must be static text');
  }
  if (description === undefined || !description.includes('{{')) {
    problem('ALERT_ERR_DESCRIPTION',
      'annotation description is missing or not templated ({{ $value }}, {{ $labels.x }})');
  }
  const expected = `runbooks/${kebabCase(rule.alert)}.md`;
  if (runbookUrl !== expected) {
    problem('ALERT_ERR_RUNBOOK', `annotation runbook_url is ${JSON.stringify(runbookUrl)}, `
      + `expected ${expected}`);
  } else if (!await exists(join(root, runbookUrl))) {
    problem('ALERT_ERR_RUNBOOK', `the runbook ${runbookUrl} does not exist`);
  }
  return problems;
}

/**
 * Runbooks that nothing points at: no alert's runbook_url names them and neither README.md nor
 * any docs/*.md links them (procedures are reached from the docs, docs/alerting.md above all).
 */
export async function unlinkedRunbooks(root: string, alerts: readonly AlertRule[]):
Promise<string[]> {
  const linkedByAlerts = new Set(alerts.map((rule) => rule.annotations.runbook_url));
  const runbooks: string[] = [];
  for await (const file of glob('runbooks/*.md', { cwd: root })) runbooks.push(file);
  const documents = ['README.md'];
  for await (const file of glob('docs/*.md', { cwd: root })) documents.push(file);
  const texts = await Promise.all(documents.map((file) => readFile(join(root, file), 'utf8')));
  return runbooks.sort().filter((runbook) =>
    !linkedByAlerts.has(runbook) && !texts.some((text) => text.includes(runbook)));
}
