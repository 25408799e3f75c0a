import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport } from './html-report.ts';
import type { ExperimentReport } from './report-model.ts';

/** Writes `<name>.json` for machines and `<name>.html` for people; returns both paths. */
export async function writeReport(report: ExperimentReport, dir: string):
  Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, `${report.name}.json`);
  const html = join(dir, `${report.name}.html`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderHtmlReport(report));
  return { json, html };
}
