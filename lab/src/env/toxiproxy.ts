import { spawn, type ChildProcess } from 'node:child_process';
import { Toxiproxy } from 'toxiproxy-node-client';
import { findBinary } from './binaries.ts';
import { freePort } from './free-port.ts';
import { waitFor } from './wait-for.ts';

/** How long toxiproxy-server may take to exit after SIGTERM before it is killed. */
const GRACEFUL_STOP_MS = 5_000;
/** Another process can take a free port before the server binds it; try a few. */
const START_ATTEMPTS = 3;

/**
 * A real toxiproxy-server (built by bin/lib/setup.sh, or TOXIPROXY_SERVER_BIN) whose HTTP API
 * listens on 127.0.0.1 on a free port, never on its default 8474. `client` is a
 * toxiproxy-node-client bound to that API; proxies are created through it.
 */
export class ToxiproxyServer {
  readonly port: number;
  readonly client: Toxiproxy;
  readonly #child: ChildProcess;
  #output = '';
  readonly #killOnExit = (): void => { this.#child.kill('SIGKILL'); };

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.port = port;
    this.client = new Toxiproxy(this.apiUrl);
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => { this.#output += `\n${err.message}`; });
    // A test run that crashes must not leave a server behind.
    process.once('exit', this.#killOnExit);
  }

  static async start(): Promise<ToxiproxyServer> {
    const binary = findBinary('toxiproxy-server', process.env.TOXIPROXY_SERVER_BIN);
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
      const port = await freePort();
      const child = spawn(binary, ['-host', '127.0.0.1', '-port', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its per-request debug lines would only fill the buffer.
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
      });
      const server = new ToxiproxyServer(child, port);
      try {
        await server.#waitUntilServing();
        return server;
      } catch (err) {
        lastError = err;
        await server.close();
      }
    }
    throw lastError instanceof Error ? lastError : new Error('toxiproxy-server did not start');
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    // A child that never spawned has no pid and will never emit 'exit'.
    return this.#child.pid !== undefined && this.#child.exitCode === null
      && this.#child.signalCode === null;
  }

  /** What the server printed (warnings and errors), for diagnosing a failed run. */
  get output(): string {
    return this.#output;
  }

  async #waitUntilServing(): Promise<void> {
    // An exit ends the wait at once: waitFor would retry a thrown error until its timeout.
    const outcome = await waitFor(async () => {
      if (!this.running) return 'exited';
      return (await fetch(`${this.apiUrl}/version`)).ok && 'serving';
    }, { what: 'toxiproxy-server /version', timeoutMs: 10_000, intervalMs: 25 });
    if (outcome === 'exited') {
      throw new Error(`toxiproxy-server exited: ${this.#output.slice(-2000)}`);
    }
  }

  /** SIGTERM, SIGKILL if it has not exited in time; waits for the exit. Closes every proxy. */
  async close(): Promise<void> {
    process.removeListener('exit', this.#killOnExit);
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    const force = setTimeout(() => this.#child.kill('SIGKILL'), GRACEFUL_STOP_MS);
    await exited;
    clearTimeout(force);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
