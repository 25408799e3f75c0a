import { parentPort, workerData } from 'node:worker_threads';
import type { LoadReceiverBehaviour } from '../profile/profile.ts';
import { ReceiverServers, type Arrival } from './receiver-servers.ts';

/** What the driver gives the thread. */
export interface ReceiverThreadData {
  behaviours: LoadReceiverBehaviour[];
  size: number;
}

/** Messages from the thread: its ports once listening, then batches of arrivals. */
export type ReceiverThreadMessage =
  | { kind: 'listening'; ports: number[] }
  | { kind: 'arrivals'; arrivals: Arrival[]; unreadable: number }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string };

/** Arrivals are sent to the driver in batches, at most this long after the first of one. */
const FLUSH_MS = 10;

if (parentPort === null) throw new Error('receiver-thread.ts runs as a worker thread');
const port = parentPort;
const { behaviours, size } = workerData as ReceiverThreadData;
let batch: Arrival[] = [];
let unreadable = 0;
let flushTimer: NodeJS.Timeout | undefined;

const flush = (): void => {
  if (flushTimer !== undefined) clearTimeout(flushTimer);
  flushTimer = undefined;
  if (batch.length === 0 && unreadable === 0) return;
  const message: ReceiverThreadMessage = { kind: 'arrivals', arrivals: batch, unreadable };
  port.postMessage(message);
  batch = [];
  unreadable = 0;
};
const soon = (): void => {
  flushTimer ??= setTimeout(flush, FLUSH_MS);
};

try {
  const servers = await ReceiverServers.start(behaviours, size, {
    arrived: (arrival) => { batch.push(arrival); soon(); },
    unreadable: () => { unreadable += 1; soon(); },
  });
  port.on('message', (message: unknown) => {
    if (message !== 'close') return;
    void servers.close().then(() => {
      flush();
      port.postMessage({ kind: 'closed' } satisfies ReceiverThreadMessage);
      port.close();
    });
  });
  port.postMessage({ kind: 'listening', ports: [...servers.ports] } satisfies
    ReceiverThreadMessage);
} catch (err) {
  port.postMessage({ kind: 'failed', message: (err as Error).message } satisfies
    ReceiverThreadMessage);
  port.close();
}
