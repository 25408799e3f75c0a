import type { FleetPlan } from './fleet-plan.ts';

export interface RegisteredEndpoint {
  index: number;
  tenant: number;
  id: string;
}

/** What the setup needs from the run: where the api is and a token per tenant. */
export interface FleetApi {
  apiUrl: string;
  tokenOf(tenant: number): string;
}

/** Registering many endpoints at once, but not so many that setup itself is a load test. */
const SETUP_CONCURRENCY = 8;

export class FleetSetupError extends Error {
  readonly code = 'LOAD_SETUP_FAILED';
}

/**
 * Registers the plan's endpoints through the api (`POST /v1/endpoints`), each pointing at its
 * load receiver, adding each to `registered` as it is created. Any refusal stops the run before
 * it publishes: the error names the status and the api's error code, never the token.
 */
export async function registerEndpoints(api: FleetApi, plan: FleetPlan,
  urlOf: (endpoint: number) => string, registered: RegisteredEndpoint[]): Promise<void> {
  const queue = [...plan.endpoints];
  const worker = async (): Promise<void> => {
    for (let endpoint = queue.shift(); endpoint !== undefined; endpoint = queue.shift()) {
      const response = await fetch(`${api.apiUrl}/v1/endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.tokenOf(endpoint.tenant)}`,
          'content-type': 'application/json' },
        body: JSON.stringify({ url: urlOf(endpoint.index), eventTypes: endpoint.eventTypes,
          description: `load run endpoint ${endpoint.index} (${endpoint.behaviour.kind})` }),
      });
      const answer = await response.json().catch(() => ({})) as { id?: unknown; code?: unknown };
      if (response.status !== 201 || typeof answer.id !== 'string') {
        throw new FleetSetupError(`registering load endpoint ${endpoint.index} failed: `
          + `${response.status} ${String(answer.code ?? '')}`.trim()
          + (answer.code === 'WHK_ERR_ENDPOINT_URL_BLOCKED'
            ? ' (the api must allow 127.0.0.0/8 in OUTBOUND_ALLOWED_NETWORKS)' : ''));
      }
      registered.push({ index: endpoint.index, tenant: endpoint.tenant, id: answer.id });
    }
  };
  // Settle every worker before failing, so `registered` is complete for the clean-up.
  const results = await Promise.allSettled(Array.from({ length: SETUP_CONCURRENCY }, worker));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
}

/** Deletes the run's endpoints again, so a dev database does not collect dead receivers. */
export async function deleteEndpoints(api: FleetApi,
  endpoints: readonly RegisteredEndpoint[]): Promise<number> {
  let failed = 0;
  for (const endpoint of endpoints) {
    const response = await fetch(`${api.apiUrl}/v1/endpoints/${endpoint.id}`, {
      method: 'DELETE', headers: { authorization: `Bearer ${api.tokenOf(endpoint.tenant)}` },
    }).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status !== 204) failed += 1;
  }
  return failed;
}
