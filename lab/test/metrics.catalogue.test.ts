import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { REPO_ROOT } from '../src/env/binaries.ts';
import { startPlatform } from '../src/platform/platform.ts';

type Catalogue = Map<string, string[]>;

/** `service -> "name: label,label"` from the catalogue table of docs/metrics.md. */
function documented(markdown: string): Map<string, Catalogue> {
  const byService = new Map<string, Catalogue>();
  for (const line of markdown.split('\n')) {
    const cells = line.split(' | ');
    const name = /^\| `(harborhook_[a-z_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name === undefined) continue;
    const labels = [...(cells[3] ?? '').matchAll(/`([a-z_]+)` \(/g)].map((m) => m[1] ?? '');
    for (const service of (cells[2] ?? '').split(', ')) {
      const catalogue = byService.get(service) ?? new Map<string, string[]>();
      catalogue.set(name, labels.sort());
      byService.set(service, catalogue);
    }
  }
  return byService;
}

/** The harborhook_ metrics a registry holds, with their own label names (not `service`). */
async function registered(registry: Registry): Promise<Catalogue> {
  const catalogue: Catalogue = new Map();
  for (const metric of await registry.getMetricsAsJSON()) {
    if (!metric.name.startsWith('harborhook_')) continue;
    const labels = new Set<string>();
    for (const value of metric.values) {
      for (const label of Object.keys(value.labels)) {
        if (label !== 'service' && label !== 'le') labels.add(label);
      }
    }
    catalogue.set(metric.name, [...labels].sort());
  }
  return catalogue;
}

test('docs/metrics.md lists exactly the metrics and labels each service registers', async () => {
  const docs = documented(await readFile(join(REPO_ROOT, 'docs/metrics.md'), 'utf8'));
  await using platform = await startPlatform();
  const { api, relay, workers } = platform.registries;
  const services = { api, relay, worker: workers[0] };
  for (const [service, registry] of Object.entries(services)) {
    assert.ok(registry !== undefined);
    assert.ok((docs.get(service)?.size ?? 0) > 0, `the catalogue lists ${service} metrics`);
    assert.deepEqual(Object.fromEntries(await registered(registry)),
      Object.fromEntries(docs.get(service) ?? new Map()),
      `docs/metrics.md and the ${service}'s registry disagree`);
  }
});
