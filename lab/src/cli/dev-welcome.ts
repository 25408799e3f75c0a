import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../env/binaries.ts';

export interface WelcomeFacts {
  apiUrl: string;
  databaseUrl: string;
  /** Where the embedded cluster keeps its files, when it is embedded. */
  postgresDir: string | undefined;
  nsqd: { tcp: string; http: string; https?: string };
  logDir: string;
  stateDir: string;
  /** The relay's and worker's metrics ports; 0 when they took free ones. */
  metricsPorts: { relay: number; worker: number };
  /** Service name to process id, for anyone who wants to kill one and watch it recover. */
  pids: Record<string, number | undefined>;
  /** With --tls: the CA and the operator's client certificate, for curl and harborctl. */
  tls?: { caFile: string; certFile: string; keyFile: string };
}

/** A path as typed from the repository root, or in full when it is elsewhere. */
function fromRoot(path: string): string {
  const rel = relative(REPO_ROOT, path);
  return rel.startsWith('..') ? path : rel;
}

/** Where each service serves /metrics; a free port is only in that service's log. */
function metricsLine(api: string, ports: { relay: number; worker: number }): string {
  const at = (port: number): string => port === 0 ? 'a free port (see its log)'
    : `http://127.0.0.1:${port}/metrics`;
  return `api ${api}/metrics, relay ${at(ports.relay)}, worker ${at(ports.worker)}`;
}

/** What the dev command prints once everything is up: where things are, and a first event. */
export function printWelcome(facts: WelcomeFacts): void {
  const db = new URL(facts.databaseUrl);
  db.password = db.password === '' ? '' : '***';
  const api = facts.apiUrl;
  const tls = facts.tls;
  // curl must trust the development CA and present the operator certificate.
  const curlTo = (path: string): string => tls === undefined ? `curl -s ${api}${path}`
    : 'curl -s --cacert "$HARBORHOOK_TLS_CA_FILE" \\\n         '
      + '--cert "$HARBORHOOK_TLS_CERT_FILE" --key "$HARBORHOOK_TLS_KEY_FILE" \\\n'
      + `         ${api}${path}`;
  const tlsSetup = tls === undefined ? '' : `
  0. Every link needs a client certificate; use the operator's (curl and harborctl read these):
       export HARBORHOOK_API_URL=${api} HARBORHOOK_TLS_CA_FILE=${fromRoot(tls.caFile)}
       export HARBORHOOK_TLS_CERT_FILE=${fromRoot(tls.certFile)}
       export HARBORHOOK_TLS_KEY_FILE=${fromRoot(tls.keyFile)}
`;
  const logs = relative(REPO_ROOT, facts.logDir);
  const defaultStateDir = join(REPO_ROOT, '.harborhook', 'dev');
  const stateDirFlag = resolve(facts.stateDir) === defaultStateDir
    ? '' : ` --state-dir ${facts.stateDir}`;
  console.log(`
Harborhook is running. Press Ctrl-C to stop it.

  api        ${api}   (OpenAPI document: ${api}/openapi.json)
  postgres   ${db.toString()}${facts.postgresDir === undefined ? '' : `
             data in ${facts.postgresDir}`}
  nsqd       tcp ${facts.nsqd.tcp}, ${facts.nsqd.https === undefined
    ? `http ${facts.nsqd.http}` : `https ${facts.nsqd.https} (TLS required)`}
  metrics    ${metricsLine(api, facts.metricsPorts)}
             (each also serves /healthz and /readyz; see docs/telemetry.md)
  logs       ${logs.startsWith('..') ? facts.logDir : logs}/{api,relay,worker}.log
  processes  ${Object.entries(facts.pids).map(([name, pid]) => `${name} ${pid ?? '?'}`).join(', ')}
             (a service that dies is restarted)

Your first event, from another terminal in ${REPO_ROOT}:
${tlsSetup}
  1. A token for tenant "acme" (development keys, valid one hour):
       export HARBORHOOK_TOKEN=$(bin/harborhook token --tenant acme${stateDirFlag})

  2. A receiver of your own, e.g. the bundled one, which prints and verifies what arrives:
       bin/harborhook receiver --port 9000

  3. Register it as an endpoint for order events (the answer holds its signing secret):
       ${curlTo('/v1/endpoints')} -H "authorization: Bearer $HARBORHOOK_TOKEN" \\
         -H 'content-type: application/json' \\
         -d '{"url":"http://127.0.0.1:9000/webhooks","eventTypes":["order.*"]}'

  4. Publish an event; the body you send is the body the receiver gets, byte for byte:
       ${curlTo('/v1/events')} -H "authorization: Bearer $HARBORHOOK_TOKEN" \\
         -H 'content-type: application/json' -H 'harborhook-event-type: order.created' \\
         -d '{"orderId": 42, "total": "19.99"}'

  5. See its deliveries and attempts:
       bin/harborhook ctl event get <event id from step 4>
`);
}
