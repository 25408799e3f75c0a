import { LabError } from '../lab/lab-error.ts';
import { imageExists } from './docker-command.ts';
import { buildNsqdImage, buildToxiproxyImage } from './go-scratch-images.ts';
import { labImageTags, type LabImageTags } from './image-tags.ts';
import { buildNodeImage } from './node-image.ts';
import { buildPostgresImage } from './postgres-image.ts';

const BUILDERS: Record<keyof LabImageTags, (tag: string) => Promise<void>> = {
  nsqd: buildNsqdImage,
  toxiproxy: buildToxiproxyImage,
  postgres: buildPostgresImage,
  node: buildNodeImage,
};

/**
 * Makes sure the engine has every lab image, building the missing ones locally (no registry
 * is reachable here, and none is needed). An image that exists under its tag is used as it
 * is; `docker rmi` it to have it rebuilt.
 */
export async function ensureLabImages(): Promise<LabImageTags> {
  const tags = await labImageTags();
  for (const [name, tag] of Object.entries(tags) as [keyof LabImageTags, string][]) {
    if (await imageExists(tag)) continue;
    try {
      await BUILDERS[name](tag);
    } catch (err) {
      if (err instanceof LabError) throw err;
      throw new LabError('LAB_ERR_IMAGE_BUILD', `could not build ${tag}: ${String(err)}`,
        { cause: err });
    }
  }
  return tags;
}
