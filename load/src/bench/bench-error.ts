/** A benchmark failure with a stable code, e.g. a results file that cannot be compared. */
export class BenchError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'BenchError';
    this.code = code;
  }
}
