import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../env/binaries.ts';
import type { Env } from './service-env.ts';
import { serviceNodeOptions } from '@harborhook/shared/runtime/service-node-options';

export type ServiceName = 'api' | 'relay' | 'worker';

/**
 * One Harborhook service running as its own OS process (`node services/<name>/src/main.ts`),
 * configured only by environment, its output appended to a log file. This is how the dev
 * command runs the platform and how tests kill a service with SIGKILL.
 */
export class ServiceProcess {
  readonly name: string;
  readonly #service: ServiceName;
  readonly #env: Env;
  readonly #logFile: string;
  #child: ChildProcess | undefined;
  #exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];

  constructor(service: ServiceName, name: string, env: Env, logDir: string) {
    this.#service = service;
    this.name = name;
    this.#env = env;
    this.#logFile = join(logDir, `${name}.log`);
  }

  get logFile(): string {
    return this.#logFile;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.#exitListeners.push(listener);
  }

  start(): void {
    if (this.#child !== undefined) throw new Error(`${this.name} is already running`);
    // The child writes its log file itself, not through a pipe to this process: a service
    // must not depend on this process staying alive (killed, it would leave writers blocked).
    const logFd = openSync(this.#logFile, 'a');
    const child = spawn(process.execPath,
      [join(REPO_ROOT, 'services', this.#service, 'src', 'main.ts')],
      { env: { PATH: process.env.PATH ?? '', ...this.#env,
        NODE_OPTIONS: serviceNodeOptions(this.#service, this.#env.NODE_OPTIONS) },
      stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    child.on('exit', (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      for (const listener of this.#exitListeners) listener(code, signal);
    });
    this.#child = child;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** Sends a signal and waits until the process has exited. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Graceful stop (SIGTERM); waits until the process has exited. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }
}
