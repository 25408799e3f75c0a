import { basename } from 'node:path';
import { parseDuration } from '../promql/duration.ts';
import { findSyntaxError } from '../promql/syntax-error.ts';
import type { SloProblem, SloProblemCode } from './slo-definition-error.ts';
import {
  SLO_SERVICES, WINDOW_PLACEHOLDER, type AlertSeverityPolicy, type SliQueries, type SloDefinition,
  type SloService,
} from './slo-definition.ts';

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels the generator sets itself; a definition may not override them. */
const RESERVED_LABELS = new Set(['slo', 'severity', 'service', 'window', 'alertname']);
const DEFAULT_WINDOW = '30d';
/** The longest burn-rate window is 3 d; a period much shorter makes its factors meaningless. */
const MIN_WINDOW_MS = 7 * 24 * 3_600_000;

type Fields = Record<string, unknown>;

/** Collects the problems of one file, each naming the file, the SLO and the field. */
class ProblemList {
  readonly problems: SloProblem[] = [];
  readonly #file: string;
  slo: string;

  constructor(file: string) {
    this.#file = file;
    this.slo = basename(file).replace(/\.ya?ml$/, '');
  }

  add(field: string, code: SloProblemCode, message: string): undefined {
    this.problems.push({ file: this.#file, slo: this.slo, field, code, message });
    return undefined;
  }
}

function isMapping(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKnown(fields: Fields, path: string, known: readonly string[], out: ProblemList) {
  for (const key of Object.keys(fields)) {
    if (!known.includes(key)) {
      out.add(`${path}${key}`, 'SLO_ERR_FIELD_UNKNOWN',
        `unknown field; expected one of ${known.join(', ')}`);
    }
  }
}

function text(fields: Fields, key: string, path: string, out: ProblemList): string | undefined {
  const value = fields[key];
  if (value === undefined) return out.add(`${path}${key}`, 'SLO_ERR_FIELD_MISSING', 'required');
  if (typeof value !== 'string' || value.trim() === '') {
    return out.add(`${path}${key}`, 'SLO_ERR_FIELD_TYPE', 'must be a non-empty string');
  }
  return value.trim();
}

function labels(value: unknown, path: string, out: ProblemList): Record<string, string> {
  if (value === undefined) return {};
  if (!isMapping(value)) {
    out.add(path, 'SLO_ERR_FIELD_TYPE', 'must be a mapping of label names to strings');
    return {};
  }
  const result: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(value).sort(([a], [b]) => a.localeCompare(b))) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      out.add(`${path}.${name}`, 'SLO_ERR_LABEL', 'not a valid Prometheus label name');
    } else if (RESERVED_LABELS.has(name)) {
      out.add(`${path}.${name}`, 'SLO_ERR_LABEL', 'set by the generator; choose another name');
    } else if (typeof labelValue !== 'string' || labelValue === '') {
      out.add(`${path}.${name}`, 'SLO_ERR_LABEL', 'label values must be non-empty strings');
    } else {
      result[name] = labelValue;
    }
  }
  return result;
}

function query(fields: Fields, key: string, out: ProblemList, windowed = true):
  string | undefined {
  const value = text(fields, key, 'sli.', out);
  if (value === undefined) return undefined;
  const placeholders: string[] = value.match(/\{\{[^}]*\}\}/g) ?? [];
  const unknown = placeholders.filter((p) => !windowed || p !== WINDOW_PLACEHOLDER);
  if (unknown.length > 0 || (windowed && !placeholders.includes(WINDOW_PLACEHOLDER))) {
    return out.add(`sli.${key}`, 'SLO_ERR_SLI_PLACEHOLDER', windowed
      ? `must use ${WINDOW_PLACEHOLDER} for its range (and no other placeholder`
        + `${unknown.length > 0 ? `; found ${unknown.join(', ')}` : ''})`
      : `is an instant query and takes no placeholder; found ${unknown.join(', ')}`);
  }
  const syntaxError = findSyntaxError(value.replaceAll(WINDOW_PLACEHOLDER, '5m'));
  if (syntaxError !== undefined) {
    return out.add(`sli.${key}`, 'SLO_ERR_SLI_PROMQL', `PromQL does not parse ${syntaxError}`);
  }
  return value;
}

const SLI_KINDS = ['error', 'good', 'sample'] as const;

function sliQueries(fields: Fields, out: ProblemList): SliQueries | undefined {
  checkKnown(fields, 'sli.', ['badEvents', ...SLI_KINDS, 'valid'], out);
  const kinds = SLI_KINDS.filter((kind) => fields[kind] !== undefined);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    return out.add('sli', 'SLO_ERR_SLI_KIND',
      'give exactly one of error or good (each with valid), or sample (without valid)');
  }
  if (kind === 'sample') {
    if (fields.valid !== undefined) {
      return out.add('sli.valid', 'SLO_ERR_SLI_KIND',
        'a sample SLI has no valid query: a moment without a sample is not counted');
    }
    const sample = query(fields, 'sample', out, false);
    return sample === undefined ? undefined : { kind, sample };
  }
  const valid = query(fields, 'valid', out);
  const counted = query(fields, kind, out);
  if (valid === undefined || counted === undefined) return undefined;
  return kind === 'error' ? { kind, error: counted, valid } : { kind, good: counted, valid };
}

function severity(value: unknown, path: string, out: ProblemList): AlertSeverityPolicy {
  if (value === undefined) return { enabled: true, labels: {} };
  if (!isMapping(value)) {
    out.add(path, 'SLO_ERR_FIELD_TYPE', 'must be a mapping with enabled and labels');
    return { enabled: true, labels: {} };
  }
  checkKnown(value, `${path}.`, ['enabled', 'labels'], out);
  if (value.enabled !== undefined && typeof value.enabled !== 'boolean') {
    out.add(`${path}.enabled`, 'SLO_ERR_FIELD_TYPE', 'must be true or false');
  }
  return { enabled: value.enabled !== false, labels: labels(value.labels, `${path}.labels`, out) };
}

function alerting(value: unknown, out: ProblemList): SloDefinition['alerting'] {
  const fields = value === undefined ? {} : value;
  if (!isMapping(fields)) {
    out.add('alerting', 'SLO_ERR_FIELD_TYPE', 'must be a mapping with labels, page and ticket');
    return { labels: {}, page: { enabled: true, labels: {} },
      ticket: { enabled: true, labels: {} } };
  }
  checkKnown(fields, 'alerting.', ['labels', 'page', 'ticket'], out);
  return {
    labels: labels(fields.labels, 'alerting.labels', out),
    page: severity(fields.page, 'alerting.page', out),
    ticket: severity(fields.ticket, 'alerting.ticket', out),
  };
}

function objective(fields: Fields, out: ProblemList): number | undefined {
  const value = fields.objective;
  if (value === undefined) return out.add('objective', 'SLO_ERR_FIELD_MISSING', 'required');
  if (typeof value !== 'number' || !(value > 0 && value < 100)) {
    return out.add('objective', 'SLO_ERR_OBJECTIVE',
      'must be a percentage above 0 and below 100, e.g. 99.9');
  }
  return value;
}

function window(fields: Fields, out: ProblemList): { text: string; ms: number } | undefined {
  const value = fields.window ?? DEFAULT_WINDOW;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined || ms < MIN_WINDOW_MS) {
    return out.add('window', 'SLO_ERR_WINDOW',
      'must be a Prometheus duration of at least 7d, e.g. 30d (the default)');
  }
  return { text: value as string, ms };
}

function service(fields: Fields, out: ProblemList): SloService | undefined {
  const value = text(fields, 'service', '', out);
  if (value === undefined) return undefined;
  if (!(SLO_SERVICES as readonly string[]).includes(value)) {
    return out.add('service', 'SLO_ERR_SERVICE', `must be one of ${SLO_SERVICES.join(', ')}`);
  }
  return value as SloService;
}

/**
 * Checks one parsed definition file; returns the definition, or every problem found in it.
 * `file` is repository-relative; the SLO's `name` must be the file's name without `.yaml`.
 */
export function validateDefinition(raw: unknown, file: string):
  { definition: SloDefinition } | { problems: SloProblem[] } {
  const out = new ProblemList(file);
  if (!isMapping(raw)) {
    out.add('(document)', 'SLO_ERR_NOT_A_MAPPING', 'the file must hold one YAML mapping');
    return { problems: out.problems };
  }
  checkKnown(raw, '', ['name', 'title', 'description', 'service', 'objective', 'window', 'sli',
    'alerting'], out);
  const name = text(raw, 'name', '', out);
  if (name !== undefined) {
    if (!KEBAB.test(name)) {
      out.add('name', 'SLO_ERR_NAME', 'must be kebab-case, e.g. ingest-availability');
    } else if (name !== out.slo) {
      out.add('name', 'SLO_ERR_NAME', `must match the file name (${out.slo}.yaml)`);
    }
    out.slo = name;
  }
  const title = text(raw, 'title', '', out);
  const description = text(raw, 'description', '', out);
  const owner = service(raw, out);
  const objectivePercent = objective(raw, out);
  const period = window(raw, out);
  let sli: SloDefinition['sli'] | undefined;
  if (!isMapping(raw.sli)) {
    out.add('sli', raw.sli === undefined ? 'SLO_ERR_FIELD_MISSING' : 'SLO_ERR_FIELD_TYPE',
      'must be a mapping with badEvents, valid, and error or good');
  } else {
    const badEvents = text(raw.sli, 'badEvents', 'sli.', out);
    const queries = sliQueries(raw.sli, out);
    if (badEvents !== undefined && queries !== undefined) sli = { ...queries, badEvents };
  }
  const policy = alerting(raw.alerting, out);
  if (out.problems.length > 0 || name === undefined || title === undefined
    || description === undefined || owner === undefined || objectivePercent === undefined
    || period === undefined || sli === undefined) {
    return { problems: out.problems };
  }
  return {
    definition: {
      name, title, description, service: owner, sli, objectivePercent,
      window: period.text, windowMs: period.ms, alerting: policy, source: file,
    },
  };
}
