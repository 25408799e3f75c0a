import { execFile } from 'node:child_process';

/** What promtool said: its exit code and everything it printed, stdout then stderr. */
export interface PromtoolResult {
  exitCode: number;
  output: string;
}

/**
 * Runs promtool (Prometheus 2.42, on the PATH: `bin/harborhook test` installs it) and returns
 * its exit code and output instead of throwing, so a caller can show promtool's own words.
 */
export function runPromtool(args: readonly string[], cwd?: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    execFile('promtool', args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (err === null) {
        resolve({ exitCode: 0, output });
      } else if (typeof err.code === 'number') {
        resolve({ exitCode: err.code, output });
      } else {
        reject(new Error(`could not run promtool (${String(err.code ?? err.message)}); `
          + 'install Prometheus 2.42 (bin/harborhook test does) or put promtool on the PATH'));
      }
    });
  });
}
