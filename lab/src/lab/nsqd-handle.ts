import type { NsqdHandle } from './lab.ts';

/** An nsqd as a runtime runs it: it can be stopped and killed, and tells whether it runs. */
export interface StoppableNsqd {
  readonly running: boolean;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

/** The lab's handle on an nsqd at `addresses`; `start` brings the same nsqd back. */
export function nsqdHandle(addresses: { tcp: string; http: string }, nsqd: StoppableNsqd,
  start: () => Promise<unknown>): NsqdHandle {
  return {
    tcpAddress: addresses.tcp,
    httpAddress: addresses.http,
    get running() { return nsqd.running; },
    stop: async () => { await nsqd.stop(); },
    kill: async () => { await nsqd.kill(); },
    start: async () => { await start(); },
  };
}
