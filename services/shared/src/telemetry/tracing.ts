import type { SpanProcessor } from '@opentelemetry/sdk-trace';

type Env = Readonly<Record<string, string | undefined>>;

export interface TracingOptions {
  /** Replace the exporters named by OTEL_TRACES_EXPORTER (tests pass an in-memory one). */
  spanProcessors?: SpanProcessor[];
}

let running: { shutdown(): Promise<void> } | undefined;

/**
 * Tracing is on when OTEL_TRACES_EXPORTER names an exporter (otlp, console, zipkin) and
 * OTEL_SDK_DISABLED is not true. Unlike OpenTelemetry's own default, an unset variable means
 * off: a platform started without a collector must not retry exports to localhost:4318.
 */
export function tracingConfigured(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',')
    .map((name) => name.trim()).filter((name) => name !== '');
  return exporters.length > 0 && !exporters.includes('none');
}

/** Whether this process records spans; the api registers its request tracing only then. */
export function tracingEnabled(): boolean {
  return running !== undefined;
}

/**
 * Starts the OpenTelemetry SDK for the process, with Postgres and undici instrumentation.
 * Call it before the service's modules load pg, so the instrumentation can wrap it. Sampling,
 * exporter endpoints and resource attributes come from the standard OTEL_* variables.
 * Metrics stay with prom-client and logs with pino: the SDK exports traces only.
 */
export async function startTracing(serviceName: string, env: Env,
  options: TracingOptions = {}): Promise<boolean> {
  if (running !== undefined) return true;
  if (options.spanProcessors === undefined && !tracingConfigured(env)) return false;
  // Loaded only when tracing is on: a service without it does not pay for the SDK.
  const [{ NodeSDK }, { PgInstrumentation }, { UndiciInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? serviceName,
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.spanProcessors === undefined ? {} : { spanProcessors: options.spanProcessors }),
    instrumentations: [
      // Only statements made inside a traced operation: the relay's polling stays silent.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      // Only requests made inside a traced operation: the outgoing webhook POST.
      new UndiciInstrumentation({ requireParentforSpans: true }),
    ],
  });
  sdk.start();
  running = sdk;
  return true;
}

/** Flushes and stops the SDK; a no-op when tracing is off. */
export async function stopTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
