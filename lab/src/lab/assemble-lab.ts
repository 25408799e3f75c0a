import type { Lab, LabResources, LinkHandle } from './lab.ts';
import { LabError } from './lab-error.ts';
import type { LinkName } from './link-catalogue.ts';
import type { Teardown } from './teardown.ts';

/** A runtime's handles, how it tears them down and how it counts what it holds. */
export interface LabParts extends Pick<Lab, 'runtime' | 'api' | 'database' | 'nsqd'
  | 'toxiproxyUrl' | 'services' | 'receivers' | 'links' | 'resources'> {
  teardown: Teardown;
}

/** The parts every runtime starts the same way and hands over as they are. */
export type CommonLabParts =
  Pick<LabParts, 'teardown' | 'api' | 'database' | 'services' | 'receivers' | 'links'>;

/**
 * The one Lab every runtime hands back: its own handles, with link look-up and teardown
 * that do not depend on how the parts run.
 */
export function assembleLab(parts: LabParts): Lab {
  const { runtime, api, database, nsqd, toxiproxyUrl, services, receivers, links } = parts;
  const allLinks = (): LinkHandle[] =>
    [...Object.values(links), ...receivers.map((r) => r.link)];
  const close = async (): Promise<void> => { await parts.teardown.run(); };
  return {
    runtime, api, database, nsqd, toxiproxyUrl, services, receivers, links, allLinks,
    link(name: LinkName): LinkHandle {
      const found = allLinks().find((link) => link.name === name);
      if (found === undefined) {
        throw new LabError('LAB_ERR_UNKNOWN_LINK', `no link named "${name}"; the lab has `
          + allLinks().map((link) => link.name).join(', '));
      }
      return found;
    },
    resources: (): LabResources => parts.resources(),
    close,
    [Symbol.asyncDispose]: close,
  };
}
