// k6 run load/k6/publish.js -e PROFILE=../profiles/smoke.json -e TOKEN=... [-e API_URL=...]
//   [-e TOKENS='{"load-smoke-a":"...","load-smoke-b":"..."}'] [-e DURATION_SCALE=0.1]
// Publishes a Harborhook load profile's events with a ramping-arrival-rate scenario and judges
// its publish thresholds. See docs/load.md; end-to-end latency and loss need the Node driver.
import http from 'k6/http';
import exec from 'k6/execution';
import { buildOptions, buildPayload, pickWeighted } from './scenario.js';

const profile = JSON.parse(open(__ENV.PROFILE || '../profiles/smoke.json'));
const apiUrl = (__ENV.API_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
// One token for every tenant, or one per profile tenant name.
const tokens = __ENV.TOKENS ? JSON.parse(__ENV.TOKENS) : {};
if (!__ENV.TOKEN && !__ENV.TOKENS) throw new Error('set TOKEN, or TOKENS per tenant name');

export const options = buildOptions(profile, Number(__ENV.DURATION_SCALE || '1'));

// Only a 202 counts as success for http_req_failed.
http.setResponseCallback(http.expectedStatuses(202));

export default function publish() {
  const tenant = pickWeighted(profile.tenants, Math.random());
  const eventType = pickWeighted(profile.eventTypes, Math.random());
  const size = pickWeighted(profile.payloadBytes, Math.random());
  const body = buildPayload(Date.now(), exec.scenario.iterationInTest, size.bytes);
  http.post(`${apiUrl}/v1/events`, body, {
    headers: {
      authorization: `Bearer ${tokens[tenant.name] || __ENV.TOKEN}`,
      'content-type': 'application/json',
      'harborhook-event-type': eventType.type,
    },
    tags: { name: 'publish' },
  });
}
