/**
 * The parts of an error that are safe and useful in a log line: its message and its code
 * (SQLSTATE, errno or undici code). Stack traces and attached request data stay out.
 */
export interface ErrorFields {
  message: string;
  code?: string;
}

export function errorFields(err: unknown): ErrorFields {
  const error = err as { message?: unknown; code?: unknown } | null;
  const fields: ErrorFields = { message: String(error?.message ?? err) };
  if (typeof error?.code === 'string') fields.code = error.code;
  return fields;
}
