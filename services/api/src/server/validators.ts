import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema } from 'fastify';
import { isUuid } from '@harborhook/shared/ids';
import { isTimestamp, TIMESTAMP_RULE } from '../validation/timestamp.ts';

type HttpPart = 'body' | 'querystring' | 'params' | 'headers';

// ajv-formats is CommonJS; Node's default import is its module.exports, the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Two validators: bodies are checked exactly as sent (no coercion: `"5"` is not a number), while
 * querystrings, params and headers, which are always text, may be coerced to the schema's type.
 * Neither strips unknown properties: `additionalProperties: false` must reject, not hide.
 */
function createAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  // ajv-formats lets through instants Postgres refuses (year 0, offsets up to 23:59) and uuids
  // with a `urn:uuid:` prefix; the api has one rule for each, used everywhere.
  ajv.addFormat('date-time', { type: 'string', validate: isTimestamp });
  ajv.addFormat('uuid', { type: 'string', validate: (text) => isUuid(text.toLowerCase()) });
  return ajv;
}

const bodyAjv = createAjv(false);
const textAjv = createAjv(true);

const DECIMAL_DIGITS = /^[0-9]+$/;

/** Names of the properties that Ajv would coerce from text to a number. */
function numericProperties(schema: object): string[] {
  const properties = (schema as { properties?: Record<string, { type?: unknown }> }).properties;
  return Object.entries(properties ?? {}).filter(([, property]) => {
    const types = [property.type].flat();
    return types.includes('integer') || types.includes('number');
  }).map(([name]) => name);
}

/**
 * Ajv coerces any text that JavaScript reads as a number (`1e1`, `0x10`, ` 16`); numbers in a
 * querystring must be plain decimal digits, so those are refused before Ajv sees them.
 */
function withDecimalNumbers(validate: ValidateFunction, names: readonly string[]):
  ValidateFunction {
  const strict = ((data: unknown, context?: object) => {
    const values = (data ?? {}) as Record<string, unknown>;
    for (const name of names) {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined || (typeof value === 'string' && DECIMAL_DIGITS.test(value))) {
        continue;
      }
      strict.errors = [{ instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`,
        keyword: 'type', params: { type: 'integer' },
        message: 'must be a whole number written in decimal digits' }];
      return false;
    }
    const valid = validate(data, context as Parameters<ValidateFunction>[1]);
    strict.errors = validate.errors;
    return valid;
  }) as ValidateFunction;
  // Fastify passes the parent (needed for coercion in place) only to functions with a schemaEnv.
  return Object.assign(strict, { schemaEnv: validate.schemaEnv, schema: validate.schema });
}

export function compileValidator(input: { schema: FastifySchema; httpPart?: string }):
  ValidateFunction {
  const part = input.httpPart as HttpPart | undefined;
  if (part === 'body') return bodyAjv.compile(input.schema as object);
  const validate = textAjv.compile(input.schema as object);
  const numeric = numericProperties(input.schema as object);
  return numeric.length === 0 ? validate : withDecimalNumbers(validate, numeric);
}

/** Compiles a schema for data the api checks itself (a batch item, for example). */
export function compileBodyValidator(schema: object): ValidateFunction {
  return bodyAjv.compile(schema);
}

/** One readable line per problem: where it is and what is wrong, naming the offending key. */
export function describeValidationError(error: ErrorObject, dataVar: string): string {
  const where = `${dataVar}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${where} must not have the property "${String(params.additionalProperty)}"`;
  }
  if (error.propertyName !== undefined) {
    return `${where} has a property name that is not allowed: "${error.propertyName}"`;
  }
  if (error.keyword === 'required') {
    return `${where} must have the property "${String(params.missingProperty)}"`;
  }
  if (error.keyword === 'format' && params.format === 'date-time') {
    return `${where} must be ${TIMESTAMP_RULE}`;
  }
  if (error.keyword === 'format' && params.format === 'uuid') {
    return `${where} must be a UUID`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}
