import { waitFor } from '@harborhook/lab/env/wait-for';
import type { Lab, LabOptions } from '@harborhook/lab/lab/lab';
import { parseExposition, type Exposition } from './exposition.ts';
import { RuleCheckError } from './rule-check-error.ts';
import { unionShapes } from './series-shape.ts';

/**
 * A lab for reading the services' metrics: one receiver that succeeds and one that always
 * answers 503, and a retry schedule short enough that a delivery is dead within a second.
 */
export const EXPOSITION_LAB_OPTIONS: LabOptions = {
  receivers: [{ kind: 'succeed' }, { kind: 'status', status: 503 }],
  env: { worker: { RETRY_SCHEDULE: '50ms,50ms' } },
};

/** What each service process answered on /metrics, by service name (api, relay, worker). */
export type ScrapedTexts = Map<string, string[]>;

async function request(lab: Lab, token: string, method: string, path: string):
  Promise<unknown> {
  const response = await lab.api.request(token, method, path);
  if (response.status >= 300) {
    throw new RuleCheckError('RULES_ERR_EXPOSITION',
      `exercising the lab: ${method} ${path} answered ${response.status}`);
  }
  return response.json;
}

async function deliveryStatus(lab: Lab, token: string, id: string): Promise<string> {
  return (await request(lab, token, 'GET', `/v1/deliveries/${id}`) as { status: string }).status;
}

/**
 * Drives the paths the metrics describe: an event delivered, one retried until dead, and a
 * single replay of the dead one (dead again), so that the services have been exercised before
 * they are scraped. Needs a lab started with EXPOSITION_LAB_OPTIONS.
 */
export async function exerciseLab(lab: Lab): Promise<void> {
  const [healthy, failing] = lab.receivers;
  if (healthy === undefined || failing === undefined) {
    throw new RuleCheckError('RULES_ERR_EXPOSITION', 'the lab needs two receivers');
  }
  const token = await lab.api.token('rule-check');
  await lab.api.createEndpoint(token, healthy.url('/ok'));
  const broken = await lab.api.createEndpoint(token, failing.url('/broken'));
  await lab.api.publish(token, 'rule.check', '{"check":"static"}');
  const dead = await waitFor(async () => {
    const page = await request(lab, token, 'GET',
      `/v1/endpoints/${broken.id}/deliveries?status=dead`) as { data: { id: string }[] };
    return page.data[0];
  }, { what: 'the failing endpoint\'s delivery to be dead', timeoutMs: 60_000 });
  const replay = await request(lab, token, 'POST', `/v1/deliveries/${dead.id}/replay`) as
    { delivery: { id: string } };
  await waitFor(async () => await deliveryStatus(lab, token, replay.delivery.id) === 'dead',
    { what: 'the replayed delivery to be dead again', timeoutMs: 60_000 });
}

/** GETs every service process's /metrics. */
export async function scrapeLab(lab: Lab): Promise<ScrapedTexts> {
  const { api, relay, workers } = lab.services;
  const targets: [string, string][] = [['api', api.metricsUrl], ['relay', relay.metricsUrl],
    ...workers.map((worker): [string, string] => ['worker', worker.metricsUrl])];
  const texts: ScrapedTexts = new Map();
  for (const [service, url] of targets) {
    const response = await fetch(url);
    if (!response.ok) {
      throw new RuleCheckError('RULES_ERR_EXPOSITION',
        `GET ${url} (${service}) answered ${response.status}`);
    }
    texts.set(service, [...texts.get(service) ?? [], await response.text()]);
  }
  return texts;
}

/** One exposition per service, merging the service's processes (several workers). */
export function expositionsOf(texts: ScrapedTexts): Map<string, Exposition> {
  const byService = new Map<string, Exposition>();
  for (const [service, pages] of texts) {
    const merged: Exposition = new Map();
    for (const page of pages) {
      for (const [name, shape] of parseExposition(page)) {
        const before = merged.get(name);
        merged.set(name, before === undefined ? shape : unionShapes(before, shape));
      }
    }
    byService.set(service, merged);
  }
  return byService;
}
