import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { EventPublisher } from '../driver/event-publisher.ts';
import { buildPayload } from '../driver/payload.ts';
import { ProcessSampler } from './process-sampler.ts';

export interface FastifyCeiling {
  /** 202s per second with `connections` requests always outstanding. */
  requestsPerSecond: number;
  connections: number;
  seconds: number;
  requests: number;
  /** CPU the server process used while measured, in cores. */
  serverCpuCores: number;
}

export interface FastifyCeilingOptions {
  /** The driver's keep-alive connections, as the profiles' runs use. */
  connections: number;
  seconds: number;
  warmupSeconds?: number;
  /** Payload size sent, the profiles' most common (512 bytes). */
  payloadBytes?: number;
}

/**
 * A do-nothing Fastify handler's request rate on this machine, in its own process, driven by
 * the load driver's own publisher (undici Pool, same connections, same payloads). A ceiling is
 * the most a server takes, so the driver keeps every connection busy (closed loop) instead of
 * following a schedule.
 */
export async function measureFastifyCeiling(options: FastifyCeilingOptions):
Promise<FastifyCeiling> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'noop-fastify-server.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [line] = await once(child.stdout, 'data') as [Buffer];
    const port = Number(line.toString().trim());
    const publisher = new EventPublisher({ apiUrl: `http://127.0.0.1:${port}`,
      connections: options.connections, requestTimeoutMs: 10_000 });
    try {
      const body = buildPayload(Date.now(), 0, options.payloadBytes ?? 512);
      await saturate(publisher, body, options.connections, (options.warmupSeconds ?? 1) * 1000);
      const sampler = new ProcessSampler([{ name: 'fastify-noop', pid: child.pid as number,
        withChildren: false }]);
      await sampler.sample();
      const started = performance.now();
      const requests = await saturate(publisher, body, options.connections,
        options.seconds * 1000);
      const seconds = (performance.now() - started) / 1000;
      const cpu = (await sampler.sample())?.['fastify-noop']?.cpuCores ?? 0;
      return { requestsPerSecond: Math.round(requests / seconds),
        connections: options.connections, seconds: Math.round(seconds * 100) / 100, requests,
        serverCpuCores: cpu };
    } finally {
      await publisher.close();
    }
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

async function saturate(publisher: EventPublisher, body: string, concurrency: number,
  durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  const counts = await Promise.all(Array.from({ length: concurrency }, async () => {
    let accepted = 0;
    while (performance.now() < deadline) {
      const outcome = await publisher.publish('ceiling', 'order.created', body);
      if (outcome.status === 202) accepted += 1;
    }
    return accepted;
  }));
  return counts.reduce((sum, count) => sum + count, 0);
}
