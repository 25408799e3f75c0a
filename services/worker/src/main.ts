import { startServiceTracing } from '@harborhook/shared/telemetry/start-service-tracing';

// Tracing starts before the service's modules load, so that the pg and undici instrumentation
// can wrap them; run.ts holds the service itself.
await startServiceTracing('worker');
await import('./run.ts');
