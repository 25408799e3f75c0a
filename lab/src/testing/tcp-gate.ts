import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

/**
 * A loopback TCP forwarder in front of a real server (Postgres, say) that a test can close:
 * closed, it drops every open connection and holds new ones without a byte of answer, which is
 * how a server that stopped answering looks to a client. Opened again, it forwards as before.
 */
export class TcpGate {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  readonly #held = new Set<Socket>();
  #open = true;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
    server.on('connection', (client) => this.#accept(client));
  }

  /** Listens on a free loopback port and forwards to `target`. */
  static async open(target: { host: string; port: number }): Promise<TcpGate> {
    const server = createServer();
    const gate = new TcpGate(server, target);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return gate;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Connections accepted while closed and still held without an answer. */
  get heldConnections(): number {
    return this.#held.size;
  }

  /** Drops open connections; new ones are accepted and left unanswered. */
  close(): void {
    this.#open = false;
    this.#dropAll();
  }

  /** Forwards new connections again; the ones held while closed are dropped. */
  reopen(): void {
    this.#dropAll();
    this.#open = true;
  }

  async dispose(): Promise<void> {
    this.#dropAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    this.#track(client);
    if (!this.#open) {
      this.#held.add(client);
      client.on('close', () => this.#held.delete(client));
      return;
    }
    const upstream = connect(this.#target.port, this.#target.host);
    this.#track(upstream);
    client.pipe(upstream).pipe(client);
    for (const [one, other] of [[client, upstream], [upstream, client]] as const) {
      one.on('close', () => other.destroy());
    }
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.#sockets.delete(socket));
  }

  #dropAll(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    this.#held.clear();
  }
}
