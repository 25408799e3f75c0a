import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withRoot } from './go-scratch-images.ts';
import { importImage } from './image-import.ts';
import { copySharedLibraries } from './root-filesystem.ts';

/**
 * The Node that runs the lab (process.execPath, Node 24 from .tools/node24) and the glibc
 * libraries it loads, nothing else: the services run in it with the repository mounted at
 * /app, so the image does not change when the code does.
 */
export async function buildNodeImage(tag: string): Promise<void> {
  await withRoot(async (root) => {
    const target = join(root, 'usr', 'local', 'bin', 'node');
    await mkdir(join(root, 'usr', 'local', 'bin'), { recursive: true });
    await copyFile(process.execPath, target);
    await chmod(target, 0o755);
    await copySharedLibraries(process.execPath, root);
    await importImage(tag, root, ['ENV PATH=/usr/local/bin', 'WORKDIR /app',
      'ENTRYPOINT ["/usr/local/bin/node"]']);
  });
}
