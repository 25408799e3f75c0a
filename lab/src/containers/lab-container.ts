import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';

/**
 * One container of a lab after Testcontainers started it, driven from here on through the
 * engine directly: Testcontainers has no kill, and its restart would not keep the log file.
 * The container is kept when it stops, so start() brings the same one back, with the same
 * configuration, host ports and filesystem (nsqd's queues on disk survive a stop).
 *
 * Its output (stdout and stderr) is appended to `logFile` while it runs.
 */
export class LabContainer {
  readonly name: string;
  readonly id: string;
  readonly logFile: string;
  readonly #container: Dockerode.Container;
  #running = false;
  #pid: number | undefined;
  #generation = 0;
  #log: { stream: Readable; file: WriteStream } | undefined;

  constructor(docker: Dockerode, started: StartedTestContainer, name: string, logFile: string) {
    this.name = name;
    this.id = started.getId();
    this.logFile = logFile;
    this.#container = docker.getContainer(this.id);
  }

  get running(): boolean {
    return this.#running;
  }

  /** The host's pid of the container's main process while it runs. */
  get pid(): number | undefined {
    return this.#running ? this.#pid : undefined;
  }

  /** Called once after Testcontainers started it, and by start(). */
  async attach(): Promise<void> {
    const { State } = await this.#container.inspect();
    this.#running = State.Running;
    this.#pid = State.Pid > 0 ? State.Pid : undefined;
    const generation = ++this.#generation;
    // The engine says when the container exits, whoever stopped it.
    void this.#container.wait().then(() => {
      if (generation === this.#generation) this.#running = false;
    }, () => undefined);
    await this.#followLogs(Math.floor(new Date(State.StartedAt).getTime() / 1000));
  }

  async start(): Promise<void> {
    if (this.#running) return;
    await this.#container.start();
    await this.attach();
  }

  /** SIGTERM, SIGKILL after `graceSeconds`; returns once the container has exited. */
  async stop(graceSeconds = 10): Promise<void> {
    await this.#container.stop({ t: graceSeconds }).catch(ignoreNotRunning);
    await this.#exited();
  }

  /** SIGKILL to the container's processes; returns once it has exited. */
  async kill(): Promise<void> {
    await this.#container.kill({ signal: 'SIGKILL' }).catch(ignoreNotRunning);
    await this.#exited();
  }

  /** Its IP address on a network, as the other containers see it. */
  async ipAddress(network: string): Promise<string> {
    const { NetworkSettings } = await this.#container.inspect();
    const address = NetworkSettings.Networks[network]?.IPAddress;
    if (address === undefined || address === '') {
      throw new Error(`${this.name} is not on ${network}`);
    }
    return address;
  }

  /** Force-removes it (a running container is killed); a container already gone is fine. */
  async remove(): Promise<void> {
    await this.#container.remove({ force: true, v: true }).catch(ignoreMissing);
    this.#running = false;
    this.#stopFollowing();
  }

  async #exited(): Promise<void> {
    await this.#container.wait().catch(ignoreMissing);
    this.#running = false;
  }

  async #followLogs(since: number): Promise<void> {
    this.#stopFollowing();
    const stream = await this.#container.logs({ follow: true, stdout: true, stderr: true,
      since }) as unknown as Readable;
    const file = createWriteStream(this.logFile, { flags: 'a' });
    file.on('error', () => undefined);
    stream.on('error', () => undefined);
    this.#container.modem.demuxStream(stream, file, file);
    stream.on('end', () => file.end());
    this.#log = { stream, file };
  }

  #stopFollowing(): void {
    this.#log?.stream.destroy();
    this.#log?.file.end();
    this.#log = undefined;
  }
}

function ignoreNotRunning(err: { statusCode?: number }): void {
  // 304: already stopped; 409: not running; 404: gone.
  if (err.statusCode !== 304 && err.statusCode !== 409 && err.statusCode !== 404) throw err;
}

function ignoreMissing(err: { statusCode?: number }): void {
  if (err.statusCode !== 404) throw err;
}
