import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runCommand } from './docker-command.ts';

/**
 * Copies the shared libraries a dynamically linked binary loads (as `ldd` lists them, the
 * loader included) into a root filesystem at the same paths, so the binary runs there without
 * a distribution underneath. Libraries the binary finds beside itself (an rpath into a tree
 * that is copied whole) are skipped with `skipUnder`.
 */
export async function copySharedLibraries(binary: string, root: string,
  skipUnder?: string): Promise<void> {
  for (const library of parseLdd(await runCommand('ldd', [binary]))) {
    if (skipUnder !== undefined && library.startsWith(skipUnder)) continue;
    const target = join(root, library);
    await mkdir(dirname(target), { recursive: true });
    // Dereferenced: the image gets the file under the name the loader asks for.
    await cp(library, target, { dereference: true, force: true });
  }
}

/** Absolute paths in ldd's output: `libc.so.6 => /lib/.../libc.so.6 (0x…)` or `/lib64/ld…`. */
export function parseLdd(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match?.[1] !== undefined) paths.push(match[1]);
  }
  return paths;
}

/** The few files a program expects from a system: /tmp, and users for names it looks up. */
export async function writeBaseFiles(root: string,
  users: { name: string; uid: number; gid: number; home: string }[] = []): Promise<void> {
  await mkdir(join(root, 'tmp'), { recursive: true, mode: 0o1777 });
  await runCommand('chmod', ['1777', join(root, 'tmp')]);
  await mkdir(join(root, 'etc'), { recursive: true });
  const passwd = ['root:x:0:0:root:/root:/sbin/nologin',
    ...users.map((u) => `${u.name}:x:${u.uid}:${u.gid}::${u.home}:/sbin/nologin`)];
  const group = ['root:x:0:', ...users.map((u) => `${u.name}:x:${u.gid}:`)];
  await writeFile(join(root, 'etc', 'passwd'), `${passwd.join('\n')}\n`);
  await writeFile(join(root, 'etc', 'group'), `${group.join('\n')}\n`);
}
