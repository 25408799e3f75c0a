import type { Command } from '../command.ts';
import { EXIT } from '../errors.ts';
import { isRow } from '../output.ts';

interface Check {
  check: string;
  http: number;
  status: 'ok' | 'failing';
  body: unknown;
}

/** What a probe said, briefly: its status word, or the API error's `code: message`. */
function detailOf(body: unknown): unknown {
  if (!isRow(body)) return body;
  if (typeof body.code === 'string' && typeof body.message === 'string') {
    return `${body.code}: ${body.message}`;
  }
  if (typeof body.status === 'string' && Object.keys(body).length === 1) return body.status;
  return body;
}

const health: Command = {
  name: 'health',
  summary: 'Check that the API is alive (/healthz) and ready (/readyz)',
  usage: '',
  description: 'Sends no token. Exits with 0 when both probes answer 2xx, 1 when one does not '
    + '(the API is up but, say, cannot reach Postgres), and 3 when the API cannot be reached.',
  examples: [
    'harborctl health',
    'harborctl health --api-url http://127.0.0.1:8081 --output json',
  ],
  async run(ctx) {
    const checks: Check[] = [];
    for (const path of ['/healthz', '/readyz']) {
      const res = await ctx.client().send({ method: 'GET', path, auth: false });
      const text = res.body.toString('utf8');
      let body: unknown = text === '' ? undefined : text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      const ok = res.status >= 200 && res.status <= 299;
      checks.push({ check: path.slice(1), http: res.status, status: ok ? 'ok' : 'failing', body });
    }

    if (ctx.out.format === 'json') {
      ctx.out.jsonValue(Object.fromEntries(checks.map((c) =>
        [c.check, { statusCode: c.http, body: c.body ?? null }])));
    } else {
      ctx.out.table(checks.map((c) => ({ ...c })), [
        { header: 'CHECK', field: 'check' },
        { header: 'HTTP', field: 'http' },
        { header: 'STATUS', field: 'status' },
        { header: 'DETAIL', field: (row) => detailOf(row.body), maxWidth: 80 },
      ]);
    }
    return checks.every((c) => c.status === 'ok') ? EXIT.ok : EXIT.api;
  },
};

export const HEALTH_COMMANDS: readonly Command[] = [health];
