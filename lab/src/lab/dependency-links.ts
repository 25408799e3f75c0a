import type { Toxiproxy } from 'toxiproxy-node-client';
import { DEPENDENCY_LINK_NAMES, type DependencyLinkName } from './link-catalogue.ts';
import { ToxiproxyLink } from './toxiproxy-link.ts';

/** Where a proxy binds and what clients dial, by its index (default: 127.0.0.1:0 as is). */
export type ProxyPlacement = (index: number) => { bind?: string; advertised?: string };

/** A proxy on every dependency link, in front of the upstream (host:port) given for it. */
export async function createDependencyLinks(client: Toxiproxy,
  upstreams: Record<DependencyLinkName, string>, placement?: ProxyPlacement):
  Promise<Record<DependencyLinkName, ToxiproxyLink>> {
  const entries = await Promise.all(DEPENDENCY_LINK_NAMES.map(async (name, index) =>
    [name, await ToxiproxyLink.create(client, name, upstreams[name],
      placement?.(index) ?? {})] as const));
  return Object.fromEntries(entries) as Record<DependencyLinkName, ToxiproxyLink>;
}
