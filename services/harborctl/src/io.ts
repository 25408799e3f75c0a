import type { Readable } from 'node:stream';

/** Where output goes. Tests pass collectors; the binary passes the process streams. */
export interface Sink {
  write(chunk: string | Uint8Array): void;
}

/**
 * Everything a command may touch outside its arguments. Passing it in (rather than reaching for
 * `process`) lets the tests run the CLI in-process and see exactly what it printed.
 */
export interface Io {
  stdout: Sink;
  stderr: Sink;
  stdin: Readable;
  env: Readonly<Record<string, string | undefined>>;
  /** The current time in milliseconds; relative `--since 2h` values are computed from it. */
  now(): number;
}

export function processIo(): Io {
  return {
    stdout: { write: (chunk) => { process.stdout.write(chunk); } },
    stderr: { write: (chunk) => { process.stderr.write(chunk); } },
    stdin: process.stdin,
    env: process.env,
    now: () => Date.now(),
  };
}
