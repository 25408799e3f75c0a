import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { kebabCase } from '../rules/alert-conventions.ts';
import type { AlertOutcome } from './alert-timeline.ts';

/**
 * The problem with an active alert's runbook link, or undefined when it is right: the
 * annotation is `runbooks/<kebab-case-alert-name>.md` and that file exists in the repository.
 */
export async function runbookProblem(outcome: AlertOutcome): Promise<string | undefined> {
  const name = outcome.expected.alertname;
  const expected = `runbooks/${kebabCase(name)}.md`;
  if (outcome.runbookUrl === undefined) return `${name} fired without a runbook_url`;
  if (outcome.runbookUrl !== expected) {
    return `${name} links ${outcome.runbookUrl}, expected ${expected}`;
  }
  const exists = await access(join(REPO_ROOT, expected)).then(() => true, () => false);
  return exists ? undefined : `${name} links ${expected}, which does not exist`;
}
