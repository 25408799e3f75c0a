import { Worker } from 'node:worker_threads';
import type { DeliveryLedger } from './delivery-ledger.ts';
import type { FleetPlan } from './fleet-plan.ts';
import type { ReceiverThreadData, ReceiverThreadMessage } from './receiver-thread.ts';

/**
 * The load receivers, as seen from the driver: a few HTTP servers on 127.0.0.1 sharing the
 * run's endpoints (endpoint i is `/e/<i>` on server i mod size). They run on a worker thread
 * of their own (receiver-thread.ts), which times each webhook as it arrives and sends the
 * arrivals here in batches, for the ledger. On the driver's own event loop, a burst of
 * deliveries delayed the publishes scheduled behind it: at 1,000 events/s the driver started
 * them up to 60 ms late (p99), which its latency figures then counted against the platform.
 */
export class ReceiverFleet {
  readonly #thread: Worker;
  readonly #ports: number[];
  readonly #closed: Promise<void>;

  private constructor(thread: Worker, ports: number[], closed: Promise<void>) {
    this.#thread = thread;
    this.#ports = ports;
    this.#closed = closed;
  }

  static async start(plan: FleetPlan, ledger: DeliveryLedger,
    size: number): Promise<ReceiverFleet> {
    const data: ReceiverThreadData = {
      behaviours: plan.endpoints.map((endpoint) => endpoint.behaviour), size };
    const thread = new Worker(new URL('./receiver-thread.ts', import.meta.url),
      { workerData: data });
    let listening!: (ports: number[]) => void;
    let failed!: (err: Error) => void;
    const ports = new Promise<number[]>((resolve, reject) => {
      listening = resolve;
      failed = reject;
    });
    const closed = new Promise<void>((resolve) => {
      thread.on('message', (message: ReceiverThreadMessage) => {
        if (message.kind === 'listening') listening(message.ports);
        else if (message.kind === 'failed') failed(new Error(message.message));
        else if (message.kind === 'closed') resolve();
        else {
          for (const a of message.arrivals) {
            ledger.recordArrival(a.endpoint, a.seq, a.sentAt, a.webhookId, a.answeredOk,
              a.arrivedAt);
          }
          for (let i = 0; i < message.unreadable; i += 1) ledger.noteUnreadable();
        }
      });
      thread.on('error', (err) => failed(err));
      thread.on('exit', () => {
        failed(new Error('the receiver thread exited before listening'));
        resolve();
      });
    });
    try {
      return new ReceiverFleet(thread, await ports, closed);
    } catch (err) {
      await thread.terminate();
      throw err;
    }
  }

  urlOf(endpoint: number): string {
    return `http://127.0.0.1:${this.#ports[endpoint % this.#ports.length]}/e/${endpoint}`;
  }

  /** Closes the servers; every arrival they timed has reached the ledger when this returns. */
  async close(): Promise<void> {
    this.#thread.postMessage('close');
    await this.#closed;
    await this.#thread.terminate();
  }
}
