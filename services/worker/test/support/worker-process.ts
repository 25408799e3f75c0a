import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '@harborhook/lab/env/binaries';
import { waitFor } from '@harborhook/lab/env/wait-for';

/**
 * The production worker entry (`node services/worker/src/main.ts`) as its own OS process, so a
 * test can SIGKILL it in the middle of attempts.
 */
export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #output = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString()).slice(-50_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts it and waits until it has connected to nsqd. */
  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['services/worker/src/main.ts'], {
      cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`worker exited: ${worker.output}`);
      return worker.output.includes('"msg":"connected to nsqd"');
    }, { what: 'the worker process to connect to nsqd' });
    return worker;
  }

  get output(): string {
    return this.#output;
  }

  async kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGKILL');
    }
    await this.#exited;
  }
}
