import { spawn } from 'node:child_process';
import { LabError } from '../lab/lab-error.ts';

/**
 * Runs a program to completion (the docker CLI, go, ldd, tar) and returns its standard output;
 * a non-zero exit rejects with LAB_ERR_IMAGE_BUILD and the end of what it printed.
 */
export async function runCommand(program: string, args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: NodeJS.ReadableStream } = {}):
  Promise<string> {
  const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (options.input !== undefined && child.stdin !== null) options.input.pipe(child.stdin);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).catch((err: unknown) => {
    throw new LabError('LAB_ERR_IMAGE_BUILD', `could not run ${program}: ${String(err)}`);
  });
  if (code !== 0) {
    throw new LabError('LAB_ERR_IMAGE_BUILD',
      `${program} ${args.slice(0, 3).join(' ')} failed (exit ${code}): ${stderr.slice(-2000)}`);
  }
  return stdout;
}

/** Whether the engine has an image with this tag (the cache: images are built when missing). */
export async function imageExists(tag: string): Promise<boolean> {
  return await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', tag])
    .then(() => true, () => false);
}
