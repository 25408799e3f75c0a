import { isHarborhookError } from '../errors.ts';

/**
 * `work`'s result, or, when it fails with Harborhook's own error (a bad configuration, a port
 * in use), that error's message as one line `<service>: …` on stderr and exit code 2. Anything
 * else is a bug and is thrown on, with its stack.
 */
export async function orExit<T>(service: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isHarborhookError(err)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(2);
  }
}
