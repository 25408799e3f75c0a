import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replyFor, type Reply } from '@harborhook/lab/receivers/behaviour';
import { seededRandom } from '@harborhook/lab/receivers/seeded-random';
import { readPayload } from '../driver/payload.ts';
import type { LoadReceiverBehaviour } from '../profile/profile.ts';

/** One webhook that reached a load receiver, timed on arrival. */
export interface Arrival {
  endpoint: number;
  seq: number;
  sentAt: number;
  webhookId: string;
  answeredOk: boolean;
  /** Epoch milliseconds, to the microsecond. */
  arrivedAt: number;
}

export interface ArrivalSink {
  arrived(arrival: Arrival): void;
  /** A request that was not a load webhook (no endpoint, payload or webhook-id). */
  unreadable(): void;
}

/** How one endpoint answers, and how many requests it has answered (for fail-first). */
interface EndpointState {
  behaviour: LoadReceiverBehaviour;
  answered: number;
  random: () => number;
}

const ENDPOINT_PATH = /^\/e\/(\d+)$/;

/**
 * The load receivers' HTTP servers on 127.0.0.1, sharing the run's endpoints (endpoint i is
 * `/e/<i>` on server i mod size). They keep no bodies: each request is read, timed, reported
 * to the sink and answered as its endpoint's behaviour says. They run in the receiver thread
 * (receiver-thread.ts), so that answering deliveries never delays the driver's publishes.
 */
export class ReceiverServers {
  readonly #servers: Server[] = [];
  readonly #ports: number[] = [];
  readonly #endpoints: EndpointState[];
  readonly #sink: ArrivalSink;
  readonly #timers = new Set<NodeJS.Timeout>();

  private constructor(behaviours: readonly LoadReceiverBehaviour[], sink: ArrivalSink) {
    this.#sink = sink;
    this.#endpoints = behaviours.map((behaviour, index) => ({
      behaviour,
      answered: 0,
      random: behaviour.kind === 'fail-fraction' ? seededRandom(behaviour.seed + index)
        : Math.random,
    }));
  }

  /** `behaviours[i]` is endpoint i's. */
  static async start(behaviours: readonly LoadReceiverBehaviour[], size: number,
    sink: ArrivalSink): Promise<ReceiverServers> {
    const receivers = new ReceiverServers(behaviours, sink);
    try {
      for (let i = 0; i < Math.max(1, Math.min(size, behaviours.length)); i += 1) {
        const server = createServer((req, res) => receivers.#onRequest(req, res));
        server.keepAliveTimeout = 30_000;
        receivers.#servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve());
        });
        receivers.#ports.push((server.address() as AddressInfo).port);
      }
    } catch (err) {
      await receivers.close();
      throw err;
    }
    return receivers;
  }

  get ports(): readonly number[] {
    return this.#ports;
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
        this.#sink.unreadable();
        this.#send(res, { action: 'answer', status: 400, headers: {}, body: Buffer.alloc(0),
          delayMs: 0 });
        return;
      }
      const reply = replyFor(endpoint.behaviour, endpoint.answered, endpoint.random);
      endpoint.answered += 1;
      const answeredOk = reply.action === 'answer' && reply.status >= 200 && reply.status < 300;
      this.#sink.arrived({ endpoint: endpointIndex, seq: payload.seq, sentAt: payload.sentAt,
        webhookId, answeredOk, arrivedAt });
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
