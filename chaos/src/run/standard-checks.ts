import { Webhook } from 'standardwebhooks';
import type { CheckResult, ExperimentFigures } from '../report/report-model.ts';
import type { DeliveryRow, ReceivedRequest, RunRecord } from './run-record.ts';

const isSuccess = (status: number | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300;

function seqOf(body: Buffer): number | undefined {
  try {
    const { seq } = JSON.parse(body.toString('utf8')) as { seq?: unknown };
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}

/** What the checks derive once from a run's records. */
interface Ledger {
  accepted: Set<number>;
  deliveriesBySeq: Map<number, DeliveryRow[]>;
  receiverOfEndpoint: Map<string, number>;
  /** Key `<receiver>:<webhook-id>` → the requests that arrived with it. */
  arrivals: Map<string, ReceivedRequest[]>;
}

function buildLedger(run: RunRecord): Ledger {
  const accepted = new Set(run.publishes.filter((p) => p.status === 202).map((p) => p.seq));
  const deliveriesBySeq = new Map<number, DeliveryRow[]>();
  for (const delivery of run.deliveries) {
    const seq = seqOf(delivery.payload);
    if (seq === undefined) continue;
    deliveriesBySeq.set(seq, [...deliveriesBySeq.get(seq) ?? [], delivery]);
  }
  const receiverOfEndpoint = new Map(run.endpoints.map((e) => [e.endpointId, e.receiverIndex]));
  const arrivals = new Map<string, ReceivedRequest[]>();
  for (const received of run.received) {
    const key = `${received.receiverIndex}:${received.request.headers['webhook-id'] ?? ''}`;
    arrivals.set(key, [...arrivals.get(key) ?? [], received]);
  }
  return { accepted, deliveriesBySeq, receiverOfEndpoint, arrivals };
}

function check(name: string, passed: boolean, detail: string): CheckResult {
  return { name, passed, detail };
}

function lossCheck(run: RunRecord, ledger: Ledger): { result: CheckResult; lost: number } {
  let missingEvents = 0;
  for (const seq of ledger.accepted) {
    if ((ledger.deliveriesBySeq.get(seq) ?? []).length === 0) missingEvents += 1;
  }
  const unfinished = run.deliveries.filter((d) => d.status !== 'delivered'
    && d.status !== 'dead').length;
  const lost = missingEvents + unfinished;
  return { lost, result: check('no accepted event lost', lost === 0,
    `${ledger.accepted.size} events accepted; ${missingEvents} without deliveries in Postgres; `
    + `${unfinished} of ${run.deliveries.length} deliveries not final after the drain`) };
}

function receivedCheck(run: RunRecord, ledger: Ledger): CheckResult {
  const delivered = run.deliveries.filter((d) => d.status === 'delivered');
  const unseen = delivered.filter((d) => !(ledger.arrivals.get(
    `${ledger.receiverOfEndpoint.get(d.endpointId)}:${d.eventId}`) ?? [])
    .some((r) => isSuccess(r.request.answeredStatus)));
  return check('every delivered delivery reached its receiver', unseen.length === 0,
    `${delivered.length - unseen.length} of ${delivered.length} delivered deliveries were `
    + 'answered 2xx by their receiver, counted from the receivers\' own records');
}

function identityChecks(run: RunRecord, ledger: Ledger): {
  results: CheckResult[]; duplicates: number;
} {
  const eventOf = new Map(run.deliveries.map((d) => [`${ledger.receiverOfEndpoint.get(
    d.endpointId)}:${d.eventId}`, d]));
  const sentBodies = new Map(run.publishes.map((p) => [p.seq, Buffer.from(p.body)]));
  let foreign = 0;
  let badSignatures = 0;
  let alteredBodies = 0;
  let duplicates = 0;
  for (const [key, requests] of ledger.arrivals) {
    const delivery = eventOf.get(key);
    if (delivery === undefined) {
      foreign += requests.length;
      continue;
    }
    duplicates += Math.max(0, requests.filter((r) => isSuccess(r.request.answeredStatus))
      .length - 1);
    const secret = run.endpoints.find((e) => e.endpointId === delivery.endpointId)?.secret ?? '';
    for (const { request } of requests) {
      const sent = sentBodies.get(seqOf(request.body) ?? -1);
      if (!request.body.equals(delivery.payload) || (sent !== undefined
        && !request.body.equals(sent))) alteredBodies += 1;
      try {
        new Webhook(secret).verify(request.body.toString('utf8'), {
          'webhook-id': request.headers['webhook-id'] ?? '',
          'webhook-timestamp': request.headers['webhook-timestamp'] ?? '',
          'webhook-signature': request.headers['webhook-signature'] ?? '',
        });
      } catch {
        badSignatures += 1;
      }
    }
  }
  return {
    duplicates,
    results: [
      check('duplicates only as redeliveries of the same webhook-id', foreign === 0,
        `${run.received.length} requests received; ${foreign} with a webhook-id that is not a `
        + `delivery of that endpoint; ${duplicates} extra 2xx copies of a webhook-id`),
      check('signatures valid', badSignatures === 0,
        `${badSignatures} of ${run.received.length} requests failed Standard Webhooks `
        + 'verification with their endpoint\'s secret'),
      check('bodies byte-identical', alteredBodies === 0,
        `${alteredBodies} of ${run.received.length} request bodies differed from the bytes `
        + 'published'),
    ],
  };
}

/**
 * The checks every experiment makes at the end: nothing accepted lost (from Postgres), each
 * delivered delivery seen by its receiver (from the receivers), duplicates only as
 * redeliveries, signatures valid, bodies byte-identical, deaths within what the experiment
 * allows, and recovery within its limit.
 */
export function standardChecks(run: RunRecord, allowedDead: number,
  recovery: number | null): { checks: CheckResult[]; figures: ExperimentFigures } {
  const ledger = buildLedger(run);
  const loss = lossCheck(run, ledger);
  const identity = identityChecks(run, ledger);
  const dead = run.deliveries.filter((d) => d.status === 'dead').length;
  const delivered = run.deliveries.filter((d) => d.status === 'delivered').length;
  const { maxRecoveryS } = run.phases;
  const checks = [
    loss.result,
    receivedCheck(run, ledger),
    ...identity.results,
    check('deliveries dead within what the fault explains', dead <= allowedDead,
      `${dead} dead, ${allowedDead} allowed`),
    check(`recovered within ${maxRecoveryS} s of the fault's end`,
      recovery !== null && recovery <= maxRecoveryS,
      recovery === null ? 'the backlog never returned to its steady level'
        : `the backlog was back to its steady level ${recovery} s after the fault ended`),
  ];
  return {
    checks,
    figures: { eventsAccepted: ledger.accepted.size, deliveriesCreated: run.deliveries.length,
      delivered, dead, lost: loss.lost, duplicates: identity.duplicates,
      recoverySeconds: recovery },
  };
}
