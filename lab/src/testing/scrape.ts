/** One sample of a Prometheus text or OpenMetrics exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The OpenMetrics exemplar's labels, when the sample carries one. */
  exemplar?: Record<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
// An exemplar follows the value: ` # {trace_id="…",span_id="…"} 0.012 1733300000.123`.
const EXEMPLAR = / # \{(.*)\} \S+(?: \S+)?$/;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(LABEL)) {
    if (name !== undefined) labels[name] = value ?? '';
  }
  return labels;
}

/** Parses the samples of a scrape; comments, `# EOF` and blank lines are skipped. */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const exemplar = EXEMPLAR.exec(line);
    const match = SAMPLE.exec(exemplar === null ? line : line.slice(0, exemplar.index));
    if (match === null) continue;
    const sample: Sample = { name: match[1] ?? '', labels: parseLabels(match[2] ?? ''),
      value: Number(match[3]) };
    if (exemplar !== null) sample.exemplar = parseLabels(exemplar[1] ?? '');
    samples.push(sample);
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `labels`. */
export function sampleSum(samples: readonly Sample[], name: string,
  labels: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name
    && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Scrapes one /metrics URL. */
export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return parseSamples(await response.text());
}
