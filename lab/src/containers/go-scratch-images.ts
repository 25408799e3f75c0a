import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importImage } from './image-import.ts';
import { writeBaseFiles } from './root-filesystem.ts';
import { staticNsqd, staticToxiproxyServer } from './static-go-binaries.ts';

/** nsqd alone in an empty filesystem, with /data for its queues (nsqd runs as root there). */
export async function buildNsqdImage(tag: string): Promise<void> {
  const binary = await staticNsqd();
  await withRoot(async (root) => {
    await copyFile(binary, join(root, 'nsqd'));
    await mkdir(join(root, 'data'));
    await importImage(tag, root, ['ENTRYPOINT ["/nsqd"]', 'CMD ["--data-path=/data"]']);
  });
}

/** toxiproxy-server alone; its API answers on 8474 inside the container, on every interface. */
export async function buildToxiproxyImage(tag: string): Promise<void> {
  const binary = await staticToxiproxyServer();
  await withRoot(async (root) => {
    await copyFile(binary, join(root, 'toxiproxy-server'));
    await importImage(tag, root,
      ['ENTRYPOINT ["/toxiproxy-server"]', 'CMD ["-host=0.0.0.0", "-port=8474"]']);
  });
}

/** A temporary directory to assemble a root filesystem in, removed afterwards. */
export async function withRoot(build: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'harborhook-image-'));
  try {
    await writeBaseFiles(root);
    await build(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
