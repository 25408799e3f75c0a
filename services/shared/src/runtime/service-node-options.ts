/** The processes Harborhook runs. */
export type ServiceName = 'api' | 'relay' | 'worker';

/**
 * V8 heap settings each service starts with. Left to its defaults on a machine with plenty of
 * memory, V8 grows the young generation to tens of megabytes and defers old-space collection,
 * so under the benchmark's load the api peaked at 263 MB and each worker at 350 MB resident,
 * mostly garbage not yet collected. With these, the same load peaked at 138 MB and 159 MB, at
 * the same throughput. The worker's heap is bounded by design (WORKER_CONCURRENCY messages in
 * flight, each at most EVENT_MAX_BYTES plus 64 KiB of response), so it gets an old-space cap;
 * the api holds request bodies of up to BATCH_MAX_BYTES per connection, so it gets none.
 */
export const SERVICE_NODE_OPTIONS: Readonly<Record<ServiceName, string>> = {
  api: '--max-semi-space-size=4',
  relay: '--max-semi-space-size=4',
  worker: '--max-semi-space-size=4 --max-old-space-size=160',
};

/**
 * NODE_OPTIONS for a service: its settings first, then the operator's, which win where they
 * name the same flag (V8 takes the last occurrence).
 */
export function serviceNodeOptions(service: ServiceName, operatorOptions?: string): string {
  return `${SERVICE_NODE_OPTIONS[service]} ${operatorOptions ?? ''}`.trim();
}

// `node service-node-options.ts <service> [NODE_OPTIONS]` prints them, for bin/harborhook.
if (import.meta.main) {
  const service = process.argv[2];
  if (service !== 'api' && service !== 'relay' && service !== 'worker') {
    process.stderr.write('usage: service-node-options.ts <api|relay|worker> [NODE_OPTIONS]\n');
    process.exit(2);
  }
  process.stdout.write(`${serviceNodeOptions(service, process.argv[3])}\n`);
}
