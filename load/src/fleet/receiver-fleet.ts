import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replyFor, type Reply } from '@harborhook/lab/receivers/behaviour';
import { seededRandom } from '@harborhook/lab/receivers/seeded-random';
import { readPayload } from '../driver/payload.ts';
import type { LoadReceiverBehaviour } from '../profile/profile.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';
import type { FleetPlan } from './fleet-plan.ts';

/** How one endpoint answers, and how many requests it has answered (for fail-first). */
interface EndpointState {
  behaviour: LoadReceiverBehaviour;
  answered: number;
  random: () => number;
}

const ENDPOINT_PATH = /^\/e\/(\d+)$/;

/**
 * The load receivers: a few HTTP servers on 127.0.0.1 sharing the run's endpoints (endpoint i
 * is `/e/<i>` on server i mod size). Unlike the lab's test receivers they keep no bodies: each
 * request is read, matched to its publish through the ledger, timed (arrival − sentAt) and
 * answered as its endpoint's behaviour says.
 */
export class ReceiverFleet {
  readonly #servers: Server[];
  readonly #ports: number[];
  readonly #endpoints: EndpointState[];
  readonly #ledger: DeliveryLedger;
  readonly #timers = new Set<NodeJS.Timeout>();

  private constructor(servers: Server[], ports: number[], plan: FleetPlan,
    ledger: DeliveryLedger) {
    this.#servers = servers;
    this.#ports = ports;
    this.#ledger = ledger;
    this.#endpoints = plan.endpoints.map((endpoint) => ({
      behaviour: endpoint.behaviour,
      answered: 0,
      random: endpoint.behaviour.kind === 'fail-fraction'
        ? seededRandom(endpoint.behaviour.seed + endpoint.index) : Math.random,
    }));
  }

  static async start(plan: FleetPlan, ledger: DeliveryLedger,
    size: number): Promise<ReceiverFleet> {
    const count = Math.max(1, Math.min(size, plan.endpoints.length));
    const servers: Server[] = [];
    const ports: number[] = [];
    const fleet = new ReceiverFleet(servers, ports, plan, ledger);
    try {
      for (let i = 0; i < count; i += 1) {
        const server = createServer((req, res) => fleet.#onRequest(req, res));
        server.keepAliveTimeout = 30_000;
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve());
        });
        ports.push((server.address() as AddressInfo).port);
      }
    } catch (err) {
      await fleet.close();
      throw err;
    }
    return fleet;
  }

  urlOf(endpoint: number): string {
    return `http://127.0.0.1:${this.#ports[endpoint % this.#ports.length]}/e/${endpoint}`;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#servers.filter((server) => server.listening).map((server) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })));
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const arrivedAt = performance.timeOrigin + performance.now();
      const match = ENDPOINT_PATH.exec(req.url ?? '');
      const endpointIndex = Number(match?.[1] ?? -1);
      const endpoint = this.#endpoints[endpointIndex];
      const payload = readPayload(Buffer.concat(chunks).toString('utf8'));
      const webhookId = req.headers['webhook-id'];
      if (endpoint === undefined || payload === undefined || typeof webhookId !== 'string') {
        this.#ledger.noteUnreadable();
        this.#send(res, { action: 'answer', status: 400, headers: {}, body: Buffer.alloc(0),
          delayMs: 0 });
        return;
      }
      const reply = replyFor(endpoint.behaviour, endpoint.answered, endpoint.random);
      endpoint.answered += 1;
      const answeredOk = reply.action === 'answer' && reply.status >= 200 && reply.status < 300;
      this.#ledger.recordArrival(endpointIndex, payload.seq, payload.sentAt, webhookId,
        answeredOk, arrivedAt);
      this.#send(res, reply);
    });
  }

  #send(res: ServerResponse, reply: Reply): void {
    if (reply.action === 'hang') return;
    if (reply.action === 'reset') {
      res.socket?.destroy();
      return;
    }
    const write = (): void => {
      res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length });
      res.end(reply.body);
    };
    if (reply.delayMs <= 0) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      write();
    }, reply.delayMs);
    this.#timers.add(timer);
  }
}
