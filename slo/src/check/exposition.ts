import { RuleCheckError } from './rule-check-error.ts';
import { addLabel, emptyShape, type SeriesShape } from './series-shape.ts';

/** Sample names and their labels as one scrape of a Prometheus text exposition shows them. */
export type Exposition = Map<string, SeriesShape>;

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+(?:\s+\S+)?$/;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$/;
const LABEL_PAIR = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

/** The series names a family of `type` has (a histogram's are its _bucket, _sum and _count). */
function familySeries(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  // OpenMetrics names a counter family without the _total its samples carry.
  if (type === 'counter' && !name.endsWith('_total')) return [`${name}_total`];
  return [name];
}

function unescapeLabelValue(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string, line: number): Map<string, string> {
  const labels = new Map<string, string>();
  LABEL_PAIR.lastIndex = 0;
  while (LABEL_PAIR.lastIndex < text.length) {
    const match = LABEL_PAIR.exec(text);
    if (match === null) {
      throw new RuleCheckError('RULES_ERR_EXPOSITION', `line ${line}: cannot read labels`);
    }
    labels.set(match[1] ?? '', unescapeLabelValue(match[2] ?? ''));
  }
  return labels;
}

/**
 * Reads a text exposition (Prometheus text format or OpenMetrics): every series name declared
 * by a `# TYPE` line or seen in a sample, with the label names and values of its samples.
 * Declared families count even before their first sample, so a name the code registers is
 * known whatever traffic the scrape followed.
 */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = new Map();
  const shapeOf = (name: string): SeriesShape => {
    const shape = exposition.get(name) ?? emptyShape();
    exposition.set(name, shape);
    return shape;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line === '# EOF') return;
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type !== null) {
        for (const name of familySeries(type[1] ?? '', type[2] ?? '')) shapeOf(name);
      }
      return;
    }
    const sample = SAMPLE.exec(line.replace(/\s+#\s+\{.*$/, ''));
    if (sample === null) {
      throw new RuleCheckError('RULES_ERR_EXPOSITION',
        `line ${index + 1}: not a sample line: ${line.slice(0, 80)}`);
    }
    const shape = shapeOf(sample[1] ?? '');
    for (const [label, value] of parseLabels(sample[2] ?? '', index + 1)) {
      addLabel(shape, label, value);
    }
  });
  return exposition;
}
