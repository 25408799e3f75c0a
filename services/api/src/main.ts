import { startTracing } from '@harborhook/shared/telemetry/tracing';

// Tracing starts before the service's modules load, so that the pg and undici instrumentation
// can wrap them; run.ts holds the service itself.
await startTracing('harborhook-api', process.env);
await import('./run.ts');
