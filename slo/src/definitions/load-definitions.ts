import { glob, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { SloDefinitionError, type SloProblem } from './slo-definition-error.ts';
import type { SloDefinition } from './slo-definition.ts';
import { validateDefinition } from './validate-definition.ts';

export const DEFINITIONS_DIR = 'slo/definitions';

/** Parses and validates one definition's text; `file` is used in problems only. */
export function parseDefinition(source: string, file: string):
  { definition: SloDefinition } | { problems: SloProblem[] } {
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const slo = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    return {
      problems: document.errors.map((error) => ({ file, slo, field: '(document)',
        code: 'SLO_ERR_YAML', message: error.message.split('\n')[0] ?? 'not valid YAML' })),
    };
  }
  return validateDefinition(document.toJS(), file);
}

/**
 * Every SLO in `slo/definitions/*.yaml`, sorted by name; throws SloDefinitionError listing every
 * problem of every file when any is invalid (or when there is none, or two share a name).
 */
export async function loadDefinitions(root: string = REPO_ROOT): Promise<SloDefinition[]> {
  const files: string[] = [];
  for await (const file of glob(`${DEFINITIONS_DIR}/*.{yaml,yml}`, { cwd: root })) {
    files.push(file);
  }
  files.sort();
  const problems: SloProblem[] = [];
  const definitions: SloDefinition[] = [];
  if (files.length === 0) {
    problems.push({ file: DEFINITIONS_DIR, slo: '(none)', field: '(directory)',
      code: 'SLO_ERR_NO_DEFINITIONS', message: 'no *.yaml definitions found' });
  }
  for (const file of files) {
    const result = parseDefinition(await readFile(join(root, file), 'utf8'), file);
    if ('problems' in result) problems.push(...result.problems);
    else definitions.push(result.definition);
  }
  const seen = new Map<string, string>();
  for (const { name, source } of definitions) {
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push({ file: source, slo: name, field: 'name', code: 'SLO_ERR_NAME_DUPLICATE',
        message: `already defined in ${first}` });
    }
    seen.set(name, source);
  }
  if (problems.length > 0) throw new SloDefinitionError(problems);
  return definitions.sort((a, b) => a.name.localeCompare(b.name));
}
