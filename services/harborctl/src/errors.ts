/**
 * The three ways a command fails, one exit code each, so scripts can tell a rejected request
 * from a typo from an unreachable API.
 */
export const EXIT = {
  ok: 0,
  api: 1,
  usage: 2,
  connection: 3,
} as const;

/** The command line is wrong; nothing was sent (or it could not be). */
export class UsageError extends Error {
  /** The command whose help the user is pointed to, e.g. `endpoint create`. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** The API answered with a non-2xx status. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: readonly string[];

  constructor(statusCode: number, code: string, message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

/** No answer: refused, reset, timed out, or not HTTP. */
export class ConnectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}
