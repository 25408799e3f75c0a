import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * Lets the lab's Toxiproxy container reach a receiver that listens on 127.0.0.1 in the test
 * process: a TCP forwarder listening on the host's address on the lab's own bridge (its
 * gateway), which only the lab's containers route to, piping each connection to the
 * receiver's loopback port. Connections from any address but `allowedPeer` (the Toxiproxy
 * container's) are dropped at once, so nothing else that can reach that address gets through.
 *
 * Testcontainers' own way, exposeHostPorts, needs its sshd image from a registry.
 */
export class GatewayForwarder {
  readonly host: string;
  readonly port: number;
  readonly #server: Server;
  readonly #sockets: Set<Socket>;

  private constructor(server: Server, sockets: Set<Socket>, host: string, port: number) {
    this.#server = server;
    this.#sockets = sockets;
    this.host = host;
    this.port = port;
  }

  static async start(gateway: string, targetPort: number, allowedPeer: string):
    Promise<GatewayForwarder> {
    const sockets = new Set<Socket>();
    const track = (socket: Socket): void => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    };
    const server = createServer((inbound) => {
      track(inbound);
      if (inbound.remoteAddress?.replace(/^::ffff:/, '') !== allowedPeer) {
        inbound.destroy();
        return;
      }
      const outbound = connect(targetPort, '127.0.0.1');
      track(outbound);
      // A reset on either side is passed on: faults on the link must show through.
      inbound.on('error', () => outbound.resetAndDestroy());
      outbound.on('error', () => inbound.resetAndDestroy());
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, gateway, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
    return new GatewayForwarder(server, sockets, gateway, port);
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
