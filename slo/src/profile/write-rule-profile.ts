import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { loadDefinitions } from '../definitions/load-definitions.ts';
import { generateRuleFiles } from '../generate/generate-rule-files.ts';
import { listRuleFiles } from '../rules/rule-files.ts';
import { LAB_PROFILE, PRODUCTION_PROFILE, type RuleProfile } from './rule-profile.ts';
import { scaleRuleFile } from './scale-rule-file.ts';

export { LAB_PROFILE, PRODUCTION_PROFILE, type RuleProfile } from './rule-profile.ts';

const PROFILES: Record<RuleProfile['name'], RuleProfile> = {
  production: PRODUCTION_PROFILE, lab: LAB_PROFILE,
};

/** One flat name per rule file (Prometheus loads `<dir>/*.yml`): `alerts-rules-x.rules.yml`. */
function flatName(repoRelativePath: string): string {
  return repoRelativePath.replaceAll('/', '-');
}

/**
 * Writes every rule file, rendered for the profile, into `outDir` (flat), returning the paths.
 * `production`: the committed files unchanged. `lab`: the SLO rules generated again from the
 * definitions by the same generator with scaled windows, and the hand-written alerts with every
 * duration scaled through the PromQL parse tree.
 */
export async function writeRuleProfile(profileName: 'production' | 'lab', outDir: string,
  root: string = REPO_ROOT): Promise<string[]> {
  const profile = PROFILES[profileName];
  await mkdir(outDir, { recursive: true });
  const rendered = new Map<string, string>();
  const generated = profile.factor === 1 ? []
    : generateRuleFiles(await loadDefinitions(root), profile);
  for (const file of generated) rendered.set(file.path, file.content);
  for (const absolute of await listRuleFiles(root)) {
    const path = relative(root, absolute);
    if (rendered.has(path)) continue;
    const source = await readFile(absolute, 'utf8');
    const isGenerated = path.startsWith('slo/generated/') || path.startsWith('alerts/generated/');
    // A generated file the generator no longer writes is stale; the lab leaves it out.
    if (isGenerated && profile.factor !== 1) continue;
    rendered.set(path, scaleRuleFile(source, path, profile));
  }
  const written: string[] = [];
  for (const [path, content] of [...rendered].sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(outDir, flatName(path));
    await writeFile(target, content);
    written.push(target);
  }
  return written;
}
