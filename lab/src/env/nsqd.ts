import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './binaries.ts';
import { freePort } from './free-port.ts';
import { waitFor } from './wait-for.ts';

/** How long nsqd may take to flush and exit after SIGTERM before it is killed. */
const GRACEFUL_STOP_MS = 10_000;

export interface NsqdOptions {
  /** Extra nsqd flags, e.g. ['--msg-timeout=10s']. */
  extraArgs?: string[];
  /**
   * Where nsqd keeps its queues; kept when nsqd stops, so messages flushed by a graceful stop
   * are there after a restart. A temporary directory, removed by close(), when omitted.
   */
  dataDir?: string;
  /**
   * Require TLS on every listener: TCP clients must upgrade in IDENTIFY, HTTP is refused (403
   * TLS_REQUIRED) in favour of an HTTPS listener, and every client must present a certificate
   * signed by `caFile` (`--tls-client-auth-policy=require-verify`).
   */
  tls?: NsqdTlsFiles;
}

export interface NsqdTlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A real nsqd on 127.0.0.1 with its own data directory. It keeps its ports across stop/start,
 * so clients that reconnect find it again, and it can be stopped gracefully (SIGTERM: nsqd
 * flushes its queues to disk) or killed (SIGKILL: in-memory and in-flight messages are lost).
 */
export class Nsqd {
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  /** Set when nsqd serves TLS. */
  readonly httpsPort: number | undefined;
  readonly #tls: NsqdTlsFiles | undefined;
  readonly #binary: string;
  readonly #extraArgs: string[];
  readonly #ownsDir: boolean;
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(binary: string, dataDir: string, tcpPort: number, httpPort: number,
    extraArgs: string[], ownsDir: boolean, tls?: { files: NsqdTlsFiles; httpsPort: number }) {
    this.#binary = binary;
    this.#tls = tls?.files;
    this.httpsPort = tls?.httpsPort;
    this.#ownsDir = ownsDir;
    this.dataDir = dataDir;
    this.tcpPort = tcpPort;
    this.httpPort = httpPort;
    this.#extraArgs = extraArgs;
  }

  static async start(options: NsqdOptions = {}): Promise<Nsqd> {
    const binary = findBinary('nsqd', process.env.NSQD_BIN);
    const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'harborhook-nsqd-'));
    await mkdir(dataDir, { recursive: true });
    const tls = options.tls === undefined ? undefined
      : { files: options.tls, httpsPort: await freePort() };
    const nsqd = new Nsqd(binary, dataDir, await freePort(), await freePort(),
      options.extraArgs ?? [], options.dataDir === undefined, tls);
    await nsqd.resume();
    return nsqd;
  }

  get tcpAddress(): string {
    return `127.0.0.1:${this.tcpPort}`;
  }

  get httpAddress(): string {
    return `127.0.0.1:${this.httpPort}`;
  }

  /** nsqd's HTTPS address; only when it serves TLS. */
  get httpsAddress(): string {
    if (this.httpsPort === undefined) throw new Error('this nsqd does not serve HTTPS');
    return `127.0.0.1:${this.httpsPort}`;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** What nsqd printed, for diagnosing a failed test. */
  get output(): string {
    return this.#output;
  }

  /** Starts nsqd again on the same ports and data directory. */
  async resume(): Promise<void> {
    if (this.#child !== undefined) return;
    const child = spawn(this.#binary, [
      `--tcp-address=${this.tcpAddress}`,
      `--http-address=${this.httpAddress}`,
      '--broadcast-address=127.0.0.1',
      `--data-path=${this.dataDir}`,
      ...this.#tlsArgs(),
      ...this.#extraArgs,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
    this.#child = child;
    await waitFor(async () => {
      if (this.#child !== child) throw new Error(`nsqd exited: ${this.#output.slice(-2000)}`);
      const response = await fetch(`http://${this.httpAddress}/ping`);
      // A TLS-only nsqd answers plain HTTP 403 TLS_REQUIRED once its listeners are bound.
      return response.ok || (this.#tls !== undefined && response.status === 403);
    }, { what: 'nsqd /ping', timeoutMs: 15_000, intervalMs: 25 });
  }

  #tlsArgs(): string[] {
    if (this.#tls === undefined) return [];
    return [
      `--https-address=${this.httpsAddress}`,
      `--tls-cert=${this.#tls.certFile}`,
      `--tls-key=${this.#tls.keyFile}`,
      `--tls-root-ca-file=${this.#tls.caFile}`,
      '--tls-required=true',
      '--tls-client-auth-policy=require-verify',
      '--tls-min-version=tls1.2',
    ];
  }

  /** SIGTERM, and wait for the exit; nsqd persists what it holds. */
  async stop(): Promise<void> {
    await this.#signal('SIGTERM');
  }

  /** SIGKILL, and wait for the exit; whatever nsqd held in memory is gone. */
  async kill(): Promise<void> {
    await this.#signal('SIGKILL');
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    // A graceful stop that does not finish is cut short: nothing in the lab may wait forever.
    const force = setTimeout(() => child.kill('SIGKILL'), GRACEFUL_STOP_MS);
    await exited;
    clearTimeout(force);
    this.#child = undefined;
  }

  /** Stops nsqd at once and removes its data directory if it was a temporary one. */
  async close(): Promise<void> {
    await this.kill();
    if (this.#ownsDir) await rm(this.dataDir, { recursive: true, force: true });
  }
}
