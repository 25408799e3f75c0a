import { PrometheusError } from './prometheus-error.ts';

/** How long one API call may take; the lab's Prometheus answers in milliseconds. */
const REQUEST_TIMEOUT_MS = 5_000;

/** One element of an instant vector. */
export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

/** An alert as /api/v1/alerts reports it: pending while its `for` runs, then firing. */
export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** One rule as /api/v1/rules reports it. */
export interface PrometheusRule {
  type: 'alerting' | 'recording';
  name: string;
  query: string;
  health: string;
  lastError?: string;
  /** Alerting rules: inactive, pending or firing. */
  state?: 'inactive' | 'pending' | 'firing';
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Alerting rules: their active alerts. */
  alerts?: PrometheusAlert[];
}

export interface PrometheusRuleGroup {
  name: string;
  file: string;
  rules: PrometheusRule[];
}

/** One active scrape target. */
export interface PrometheusTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

/**
 * A small client for the parts of Prometheus's HTTP API the lab asserts through: instant
 * queries, active alerts, rules with their state, and scrape targets.
 */
export class PrometheusApi {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  /** An instant query whose result is a vector; values are parsed to numbers. */
  async query(expr: string): Promise<VectorSample[]> {
    const data = await this.#get<{ resultType: string; result: unknown }>('/api/v1/query',
      { query: expr });
    if (data.resultType !== 'vector') {
      throw new PrometheusError('PROMETHEUS_ERR_API',
        `query gave a ${data.resultType}, not a vector: ${expr}`);
    }
    const result = data.result as { metric: Record<string, string>; value: [number, string] }[];
    return result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
  }

  async alerts(): Promise<PrometheusAlert[]> {
    return (await this.#get<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts;
  }

  async ruleGroups(): Promise<PrometheusRuleGroup[]> {
    return (await this.#get<{ groups: PrometheusRuleGroup[] }>('/api/v1/rules')).groups;
  }

  /** Every rule of every group. */
  async rules(): Promise<PrometheusRule[]> {
    return (await this.ruleGroups()).flatMap((group) => group.rules);
  }

  async targets(): Promise<PrometheusTarget[]> {
    return (await this.#get<{ activeTargets: PrometheusTarget[] }>('/api/v1/targets',
      { state: 'active' })).activeTargets;
  }

  async #get<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(path, this.#url);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await response.json().catch(() => undefined) as
      { status?: string; data?: T; error?: string } | undefined;
    if (!response.ok || body?.status !== 'success' || body.data === undefined) {
      throw new PrometheusError('PROMETHEUS_ERR_API', `${path} answered ${response.status}: `
        + (body?.error ?? 'no success body'));
    }
    return body.data;
  }
}
