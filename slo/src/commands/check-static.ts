import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startLab } from '@harborhook/lab/lab/start-lab';
import type { Exposition } from '../check/exposition.ts';
import { formatFinding } from '../check/finding.ts';
import {
  EXPOSITION_LAB_OPTIONS, exerciseLab, expositionsOf, scrapeLab, type ScrapedTexts,
} from '../check/lab-exposition.ts';
import { RuleCheckError } from '../check/rule-check-error.ts';
import { listRuleFiles } from '../rules/rule-files.ts';
import { checkRuleFiles } from '../check/static-check.ts';

const USAGE = `usage: bin/harborhook slo check-static [options]
  Checks every expression of the rule files against the metrics the services expose.
  --rules <file>                 check this rule file (repeatable; default: the committed ones)
  --exposition <service>=<file>  read a service's /metrics from a file instead of a lab run
                                 (repeatable; api, relay, worker)
  --save-exposition <dir>        write what the lab's services answered to <dir>/<service>.prom
`;

/** The services whose /metrics an exposition file may stand for. */
const SERVICES = ['api', 'relay', 'worker'];

interface Options {
  rules: string[];
  expositions: [string, string][];
  saveDir?: string;
}

function parseArgs(args: string[]): Options | 'help' {
  const options: Options = { rules: [], expositions: [] };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    if (flag === '--help' || flag === '-h') return 'help';
    const value = args[i + 1];
    if (value === undefined || !['--rules', '--exposition', '--save-exposition']
      .includes(flag ?? '')) {
      throw new RuleCheckError('RULES_ERR_USAGE', `unknown option or missing value: ${flag}`);
    }
    i += 1;
    if (flag === '--rules') {
      // Checked before a lab starts: a missing file is a usage error, not a rule problem.
      if (!existsSync(value)) {
        throw new RuleCheckError('RULES_ERR_USAGE', `--rules ${value}: no such file`);
      }
      options.rules.push(resolve(value));
    }
    else if (flag === '--save-exposition') options.saveDir = resolve(value);
    else {
      const [service, file] = value.split(/=(.*)/s);
      if (service === undefined || service === '' || file === undefined || file === '') {
        throw new RuleCheckError('RULES_ERR_USAGE', `--exposition wants <service>=<file>`);
      }
      if (!SERVICES.includes(service)) {
        throw new RuleCheckError('RULES_ERR_USAGE',
          `--exposition names the service "${service}"; use one of ${SERVICES.join(', ')}`);
      }
      options.expositions.push([service, resolve(file)]);
    }
  }
  return options;
}

/** Starts a lab, exercises it, scrapes it, and tears it down. */
async function scrapeNewLab(saveDir: string | undefined): Promise<ScrapedTexts> {
  process.stderr.write('check-static: starting a lab to read the services\' /metrics\n');
  await using lab = await startLab(EXPOSITION_LAB_OPTIONS);
  await exerciseLab(lab);
  const texts = await scrapeLab(lab);
  if (saveDir !== undefined) {
    await mkdir(saveDir, { recursive: true });
    for (const [service, pages] of texts) {
      await writeFile(join(saveDir, `${service}.prom`), pages.join('\n'));
    }
  }
  return texts;
}

async function readExpositions(files: [string, string][]): Promise<Map<string, Exposition>> {
  const texts: ScrapedTexts = new Map();
  for (const [service, file] of files) {
    const text = await readFile(file, 'utf8').catch((err: unknown) => {
      throw new RuleCheckError('RULES_ERR_EXPOSITION', `cannot read ${file}: `
        + `${(err as { code?: string }).code ?? String(err)}`);
    });
    texts.set(service, [...texts.get(service) ?? [], text]);
  }
  return expositionsOf(texts);
}

export async function main(args: string[]): Promise<number> {
  try {
    const options = parseArgs(args);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    const files = options.rules.length > 0 ? options.rules : await listRuleFiles();
    const byService = options.expositions.length > 0
      ? await readExpositions(options.expositions)
      : expositionsOf(await scrapeNewLab(options.saveDir));
    const summary = await checkRuleFiles(files, byService);
    for (const finding of summary.findings) process.stderr.write(`${formatFinding(finding)}\n`);
    const verdict = summary.findings.length === 0 ? 'ok' : `${summary.findings.length} problem(s)`;
    process.stdout.write(`check-static: ${summary.files} rule files, ${summary.rules} rules, `
      + `${summary.selectors} selectors against ${byService.size} services' metrics `
      + `(${summary.knownMetrics} metric names known): ${verdict}\n`);
    return summary.findings.length === 0 ? 0 : 1;
  } catch (err) {
    if (!(err instanceof RuleCheckError)) throw err;
    process.stderr.write(`${err.message}\n${err.code === 'RULES_ERR_USAGE' ? USAGE : ''}`);
    return 2;
  }
}
