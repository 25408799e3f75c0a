import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError } from './errors.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * The bytes of a request body from `--file PATH`, or from stdin for `--file -`. They are sent
 * as read, never parsed and re-serialized: Harborhook promises to deliver the exact bytes it
 * accepted, so harborctl must not change a space or a key order on the way in.
 */
export async function readBodyFile(path: string, stdin: Readable, command: string):
  Promise<Buffer> {
  if (path === '-') return await readAll(stdin);
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UsageError(`cannot read ${path}: ${typeof code === 'string' ? code : String(err)}`,
      command);
  }
}
