import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../env/binaries.ts';

/**
 * Runs a script of the repository with Node until it exits; its status and output. `env`
 * replaces the environment (default: this process's).
 */
export async function runScript(script: string, args: string[],
  env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; }> {
  const child = spawn(process.execPath, [script, ...args],
    { cwd: REPO_ROOT, ...(env === undefined ? {} : { env }) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stdout, stderr };
}
