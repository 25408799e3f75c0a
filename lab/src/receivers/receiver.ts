import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../env/wait-for.ts';
import { replyFor, type ReceiverBehaviour, type Reply } from './behaviour.ts';
import { seededRandom } from './seeded-random.ts';

export type { ReceiverBehaviour } from './behaviour.ts';

/** One request as the receiver saw it; `body` holds the exact bytes that arrived. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  receivedAt: Date;
  /** The status it was answered with; undefined while unanswered, or when hung up or reset. */
  answeredStatus?: number;
}

/**
 * A programmable webhook receiver on 127.0.0.1 for tests and chaos experiments. It records
 * every request (raw bytes included) and answers according to a behaviour that can be switched
 * while deliveries are flowing.
 */
export class Receiver {
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #timers = new Set<NodeJS.Timeout>();
  #behaviour: ReceiverBehaviour = { kind: 'succeed' };
  #sinceBehaviour = 0;
  #random: () => number = Math.random;
  #port = 0;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(behaviour: ReceiverBehaviour = { kind: 'succeed' }): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    receiver.setBehaviour(behaviour);
    server.on('request', (req, res) => { receiver.#onRequest(req, res); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    receiver.#port = (server.address() as AddressInfo).port;
    return receiver;
  }

  /** The port it listened on; still known after close (a refused-connection target). */
  get port(): number {
    return this.#port;
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Switches the behaviour; counters such as fail-first start again from zero. */
  setBehaviour(behaviour: ReceiverBehaviour): void {
    this.#behaviour = behaviour;
    this.#sinceBehaviour = 0;
    this.#random = behaviour.kind === 'fail-fraction' ? seededRandom(behaviour.seed) : Math.random;
  }

  /** Resolves with the recorded requests once at least `count` have arrived. */
  async waitForRequests(count: number, timeoutMs = 30_000): Promise<RecordedRequest[]> {
    return await waitFor(() => this.requests.length >= count && this.requests, {
      what: `${count} requests at the receiver (have ${this.requests.length})`,
      timeoutMs,
      intervalMs: 10,
    });
  }

  /** Stops listening and drops every open connection, hanging ones included. */
  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: flattenHeaders(req.headers),
        body: Buffer.concat(chunks),
        receivedAt: new Date(),
      };
      this.requests.push(recorded);
      const reply = replyFor(this.#behaviour, this.#sinceBehaviour, this.#random);
      this.#sinceBehaviour += 1;
      this.#reply(res, reply, recorded);
    });
  }

  #reply(res: ServerResponse, reply: Reply, recorded: RecordedRequest): void {
    if (reply.action === 'hang') return;
    if (reply.action === 'reset') {
      res.socket?.destroy();
      return;
    }
    const send = (): void => {
      recorded.answeredStatus = reply.status;
      res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length });
      res.end(reply.body);
    };
    if (reply.delayMs <= 0) {
      send();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      send();
    }, reply.delayMs);
    this.#timers.add(timer);
  }
}

/** Header names lower-cased; repeated headers joined as HTTP allows. */
function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
