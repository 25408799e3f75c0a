import type { ProfileProblem, ProfileProblemCode } from './profile-error.ts';

type Json = Record<string, unknown>;

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The minimum itself is not allowed (a rate may be 0, a duration may not). */
  exclusiveMin?: boolean;
}

/**
 * Reads the fields of one JSON object for the profile validator, collecting a problem (with the
 * field's full path) for each field that is missing, of the wrong type, out of range or unknown,
 * instead of stopping at the first.
 */
export class FieldReader {
  readonly #object: Json;
  readonly #path: string;
  readonly #problems: ProfileProblem[];
  readonly #seen = new Set<string>();

  constructor(object: Json, path: string, problems: ProfileProblem[]) {
    this.#object = object;
    this.#path = path;
    this.#problems = problems;
  }

  /** A reader for `value` when it is an object; records a problem and returns undefined if not. */
  static of(value: unknown, path: string, problems: ProfileProblem[]): FieldReader | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ code: 'LOAD_PROFILE_FIELD_TYPE', field: path || '(root)',
        message: 'must be a JSON object' });
      return undefined;
    }
    return new FieldReader(value as Json, path, problems);
  }

  path(name: string): string {
    return this.#path === '' ? name : `${this.#path}.${name}`;
  }

  problem(code: ProfileProblemCode, field: string, message: string): void {
    this.#problems.push({ code, field, message });
  }

  /** The raw value, marking the field as known; records a problem when required and missing. */
  raw(name: string, required: boolean): unknown {
    this.#seen.add(name);
    const value = this.#object[name];
    if (value === undefined && required) {
      this.problem('LOAD_PROFILE_FIELD_MISSING', this.path(name), 'is required');
    }
    return value;
  }

  number(name: string, rule: NumberRule, fallback?: number): number {
    const value = this.raw(name, fallback === undefined);
    if (value === undefined) return fallback ?? Number.NaN;
    return checkNumber(value, this.path(name), rule, this.#problems);
  }

  string(name: string, pattern: RegExp, describe: string, fallback?: string): string {
    const value = this.raw(name, fallback === undefined);
    if (value === undefined) return fallback ?? '';
    if (typeof value !== 'string') {
      this.problem('LOAD_PROFILE_FIELD_TYPE', this.path(name), 'must be a string');
      return '';
    }
    if (!pattern.test(value)) {
      this.problem('LOAD_PROFILE_FIELD_RANGE', this.path(name), `must be ${describe}`);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name, false);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problem('LOAD_PROFILE_FIELD_TYPE', this.path(name), 'must be true or false');
      return fallback;
    }
    return value;
  }

  /** The elements of an array field with their paths; a problem unless 1 to `max` elements. */
  array(name: string, max: number): { value: unknown; path: string }[] {
    const value = this.raw(name, true);
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem('LOAD_PROFILE_FIELD_TYPE', this.path(name), 'must be an array');
      return [];
    }
    if (value.length < 1 || value.length > max) {
      this.problem('LOAD_PROFILE_FIELD_RANGE', this.path(name),
        `must have 1 to ${max} elements (has ${value.length})`);
    }
    return value.map((element, index) =>
      ({ value: element, path: `${this.path(name)}[${index}]` }));
  }

  /** Records every field that was never read as unknown: a typo must not pass silently. */
  refuseUnknown(): void {
    for (const name of Object.keys(this.#object)) {
      if (!this.#seen.has(name)) {
        this.problem('LOAD_PROFILE_FIELD_UNKNOWN', this.path(name), 'is not a profile field');
      }
    }
  }
}

export function checkNumber(value: unknown, field: string, rule: NumberRule,
  problems: ProfileProblem[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ code: 'LOAD_PROFILE_FIELD_TYPE', field, message: 'must be a number' });
    return Number.NaN;
  }
  const belowMin = rule.exclusiveMin === true ? value <= rule.min : value < rule.min;
  if (belowMin || value > rule.max || (rule.integer === true && !Number.isInteger(value))) {
    const kind = rule.integer === true ? 'a whole number' : 'a number';
    const from = rule.exclusiveMin === true ? `above ${rule.min}` : `from ${rule.min}`;
    problems.push({ code: 'LOAD_PROFILE_FIELD_RANGE', field,
      message: `must be ${kind} ${from} to ${rule.max} (is ${value})` });
  }
  return value;
}
