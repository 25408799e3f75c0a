import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { checkTracingSettings } from './tracing-settings.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface TracingOptions {
  /** Replace the exporters named by OTEL_TRACES_EXPORTER (tests pass an in-memory one). */
  spanProcessors?: SpanProcessor[];
}

let running: { shutdown(): Promise<void> } | undefined;

/**
 * The longest a stop waits for buffered spans to be exported: an unreachable collector must
 * not turn a clean shutdown into a failed one (the OTLP exporter would try for 10 s).
 */
const FLUSH_LIMIT_MS = 2_000;

/**
 * What a webhook's client span may say about where it went: the endpoint's origin only.
 * Receivers put credentials in paths and query strings; a span exported to a collector must
 * not carry them (regression: tracing.publish-to-delivery "… never its path or query").
 */
function redactedUrlAttributes(request: { origin: string }): Record<string, string> {
  return { 'url.full': `${request.origin}/[redacted]`, 'url.path': '/[redacted]',
    'url.query': '[redacted]' };
}

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
  checkTracingSettings(env);
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
      new UndiciInstrumentation({ requireParentforSpans: true,
        startSpanHook: redactedUrlAttributes }),
    ],
  });
  sdk.start();
  running = sdk;
  return true;
}

/**
 * Flushes and stops the SDK, waiting at most FLUSH_LIMIT_MS; a no-op when tracing is off.
 * Resolves false when spans were left unexported.
 */
export async function stopTracing(): Promise<boolean> {
  const sdk = running;
  running = undefined;
  if (sdk === undefined) return true;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), FLUSH_LIMIT_MS);
  });
  try {
    return await Promise.race([sdk.shutdown().then(() => true, () => false), limit]);
  } finally {
    clearTimeout(timer);
  }
}
