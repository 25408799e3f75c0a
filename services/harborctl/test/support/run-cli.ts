import { Readable } from 'node:stream';
import type { Io, Sink } from '../../src/io.ts';
import { main } from '../../src/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

export interface RunOptions {
  /** The whole environment harborctl sees; nothing leaks in from the test process. */
  env?: Record<string, string>;
  stdin?: string | Buffer;
  /** The clock, in ms since the epoch. */
  now?: number;
}

function collector(): Sink & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  return {
    write: (chunk) => { chunks.push(Buffer.from(chunk)); },
    bytes: () => Buffer.concat(chunks),
  };
}

/** Runs harborctl in this process with captured output. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const stdout = collector();
  const stderr = collector();
  const io: Io = {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    env: options.env ?? {},
    now: () => options.now ?? Date.parse('2026-03-01T12:00:00.000Z'),
  };
  const code = await main(argv, io);
  return {
    code,
    stdout: stdout.bytes().toString('utf8'),
    stdoutBytes: stdout.bytes(),
    stderr: stderr.bytes().toString('utf8'),
  };
}

export const TOKEN = 'test-token-0123456789';

/** Runs harborctl against a fake API with a token, as a configured user would. */
export async function runAgainst(apiUrl: string, argv: string[],
  options: RunOptions = {}): Promise<CliResult> {
  return await runCli(argv, {
    ...options,
    env: { HARBORHOOK_API_URL: apiUrl, HARBORHOOK_TOKEN: TOKEN, ...options.env },
  });
}
