import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema } from 'fastify';

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
  return ajv;
}

const bodyAjv = createAjv(false);
const textAjv = createAjv(true);

export function compileValidator(input: { schema: FastifySchema; httpPart?: string }):
  ValidateFunction {
  const part = input.httpPart as HttpPart | undefined;
  return (part === 'body' ? bodyAjv : textAjv).compile(input.schema as object);
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
  return `${where} ${error.message ?? 'is invalid'}`;
}
