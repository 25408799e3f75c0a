import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { loadDefinitions } from '../definitions/load-definitions.ts';
import { SloDefinitionError } from '../definitions/slo-definition-error.ts';
import { generateRuleFiles, type GeneratedFile } from '../generate/generate-rule-files.ts';
import { PRODUCTION_PROFILE } from '../profile/rule-profile.ts';

const USAGE = 'usage: bin/harborhook slo generate [--check]\n'
  + '  writes slo/generated/ and alerts/generated/ from slo/definitions/*.yaml;\n'
  + '  --check writes nothing and exits 1 when a committed file differs from the generator\'s\n';

/** The committed file, or undefined when it cannot be read (missing, or its folder is not one):
 * then it counts as stale, and writing it reports why it cannot be written. */
async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `bin/harborhook slo generate [--check]`. Exit 0: written (or up to date); 1: --check found a
 * stale or missing file; 2: bad usage or invalid definitions (every problem on stderr).
 */
export async function main(args: string[], root: string = REPO_ROOT): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const check = args.includes('--check');
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`slo generate: unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  let files: GeneratedFile[];
  try {
    files = generateRuleFiles(await loadDefinitions(root), PRODUCTION_PROFILE);
  } catch (error) {
    if (!(error instanceof SloDefinitionError)) throw error;
    process.stderr.write(`slo generate: ${error.message}\n`);
    return 2;
  }
  let stale = 0;
  for (const file of files) {
    const target = join(root, file.path);
    const committed = await readOrUndefined(target);
    if (committed === file.content) continue;
    if (check) {
      stale += 1;
      process.stderr.write(`slo generate --check: ${file.path} is `
        + `${committed === undefined ? 'missing' : 'stale'}; run "bin/harborhook slo generate" `
        + 'and commit the result (SLO_ERR_GENERATED_STALE)\n');
    } else {
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.content);
      } catch (error) {
        process.stderr.write(`slo generate: cannot write ${file.path}: `
          + `${(error as { code?: string }).code ?? String(error)} (SLO_ERR_WRITE)\n`);
        return 2;
      }
      process.stdout.write(`wrote ${file.path}\n`);
    }
  }
  if (check && stale === 0) process.stdout.write('generated rule files are up to date\n');
  return stale > 0 ? 1 : 0;
}
