import { spawn } from 'node:child_process';
import { runCommand } from './docker-command.ts';

/**
 * Makes an image from a directory that is its whole root filesystem: `tar` of the directory
 * piped into `docker import` with the image's settings (ENTRYPOINT, USER, …) as --change lines.
 * Nothing is pulled: this is `FROM scratch` plus one layer. Ownership is kept by number, so a
 * data directory owned by an unprivileged uid stays owned by it in the image.
 */
export async function importImage(tag: string, root: string, changes: string[]):
  Promise<void> {
  const tar = spawn('tar', ['--numeric-owner', '-C', root, '-c', '.'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tar of ${root} failed (exit ${code})`));
    });
  });
  const imported = runCommand('docker',
    ['import', ...changes.flatMap((change) => ['--change', change]), '-', tag],
    { input: tar.stdout });
  await Promise.all([imported, tarDone]);
}
