import type { ExperimentReport } from './report-model.ts';
import { escapeHtml, lineChart } from './svg-chart.ts';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 760px; color: #222; }
h1 { font-size: 20px; margin-bottom: 4px; } .verdict { font-weight: 600; }
.pass { color: #17803d; } .fail { color: #b42318; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; }
td, th { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
figure { margin: 16px 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg .fault { fill: #f6c343; opacity: 0.25; } svg .grid { stroke: #eee; }
svg .axis, svg .legend { font-size: 11px; fill: #555; } svg .legend { font-weight: 600; }
`;

function figureRows(report: ExperimentReport): string {
  const f = report.figures;
  const rows: [string, string][] = [
    ['events accepted', String(f.eventsAccepted)],
    ['deliveries created', String(f.deliveriesCreated)],
    ['delivered / dead', `${f.delivered} / ${f.dead}`],
    ['lost', String(f.lost)],
    ['duplicate webhooks', String(f.duplicates)],
    ['recovery after the fault',
      f.recoverySeconds === null ? 'did not recover' : `${f.recoverySeconds.toFixed(1)} s`],
  ];
  return rows.map(([k, v]) => `<tr><th>${k}</th><td>${escapeHtml(v)}</td></tr>`).join('');
}

/** The report as one HTML page: verdict, hypothesis, plots with the fault shaded, checks. */
export function renderHtmlReport(report: ExperimentReport): string {
  const xs = report.timeline.map((p) => p.t);
  // A second without a value (the relay did not answer its scrape) is a gap in the line.
  const pick = (key: keyof ExperimentReport['timeline'][number]): number[] =>
    report.timeline.map((p) => p[key] ?? Number.NaN);
  const shade = { from: report.fault.startS, to: report.fault.endS };
  const charts = [
    lineChart({ title: 'Throughput', unit: 'per second', xs, shade, series: [
      { label: 'publishes', colour: '#2563eb', values: pick('publishRate') },
      { label: 'webhooks received', colour: '#16a34a', values: pick('deliveryRate') }] }),
    lineChart({ title: 'Publish latency', unit: 'ms', xs, shade, series: [
      { label: 'p50', colour: '#2563eb', values: pick('publishP50Ms') },
      { label: 'p99', colour: '#9333ea', values: pick('publishP99Ms') }] }),
    lineChart({ title: 'Publish to arrival', unit: 'ms', xs, shade, series: [
      { label: 'p50', colour: '#16a34a', values: pick('endToEndP50Ms') },
      { label: 'p99', colour: '#ca8a04', values: pick('endToEndP99Ms') }] }),
    lineChart({ title: 'Errors and backlog', unit: 'count', xs, shade, series: [
      { label: 'publish errors/s', colour: '#dc2626', values: pick('publishErrors') },
      { label: 'deliveries not final', colour: '#64748b', values: pick('pending') }] }),
    lineChart({ title: 'The relay\'s metrics (gaps: not scraped)', unit: 's, messages', xs,
      shade, series: [
        { label: 'oldest due delivery (s)', colour: '#0891b2',
          values: pick('oldestDueAgeS') },
        { label: 'NSQ channel depth', colour: '#be185d', values: pick('nsqChannelDepth') }] }),
  ];
  const checks = report.checks.map((check) => `<tr><td class="${check.passed ? 'pass' : 'fail'}">`
    + `${check.passed ? 'pass' : 'FAIL'}</td><td>${escapeHtml(check.name)}</td>`
    + `<td>${escapeHtml(check.detail)}</td></tr>`).join('');
  const verdict = report.passed ? '<span class="verdict pass">passed</span>'
    : '<span class="verdict fail">failed</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.name)}: ${report.passed
    ? 'passed' : 'failed'}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(report.title)}</h1>
<p>${verdict} · experiment <code>${escapeHtml(report.name)}</code>
 · seed <code>${report.seed}</code> · started ${escapeHtml(report.startedAt)}</p>
<p><strong>Fault</strong>: ${escapeHtml(report.fault.description)}, from ${report.fault.startS} s
 to ${report.fault.endS} s (shaded). <strong>Load</strong>: ${escapeHtml(report.load)}.</p>
<p><strong>Steady state</strong>:</p><ul>${report.hypothesis.map((h) => `<li>${escapeHtml(h)}</li>`)
    .join('')}</ul>
<table>${figureRows(report)}</table>
${charts.join('\n')}
<h2>Checks</h2><table><tr><th>verdict</th><th>check</th><th>measured</th></tr>${checks}</table>
</body></html>
`;
}
