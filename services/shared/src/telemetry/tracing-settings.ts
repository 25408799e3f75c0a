import { EnvReader } from '../config/env-reader.ts';

type Env = Readonly<Record<string, string | undefined>>;

const EXPORTERS = ['otlp', 'console', 'zipkin', 'none'];
const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on',
  'parentbased_always_off', 'parentbased_traceidratio'] as const;
const PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
const ENDPOINTS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];

/**
 * Checks the OTEL_* variables Harborhook relies on, so that a typo is a clear error at start
 * rather than a service that quietly exports nothing: the OpenTelemetry SDK itself only logs
 * a diagnostic, which nobody sees, and falls back to its defaults. Throws
 * WHK_ERR_CONFIG_INVALID listing every problem.
 */
export function checkTracingSettings(env: Env): void {
  const reader = new EnvReader(env);
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',')
    .map((name) => name.trim()).filter((name) => name !== '');
  for (const exporter of exporters) {
    if (!EXPORTERS.includes(exporter)) {
      reader.problem(`OTEL_TRACES_EXPORTER names "${exporter}"; use ${EXPORTERS.join(', ')}`);
    }
  }
  if (env.OTEL_TRACES_SAMPLER !== undefined) {
    reader.oneOf('OTEL_TRACES_SAMPLER', 'parentbased_always_on', SAMPLERS);
  }
  if (env.OTEL_TRACES_SAMPLER_ARG !== undefined) {
    reader.number('OTEL_TRACES_SAMPLER_ARG', 1, 0, 1);
  }
  for (const name of ['OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL']) {
    if (env[name] !== undefined) reader.oneOf(name, 'http/protobuf', PROTOCOLS);
  }
  for (const name of ENDPOINTS) {
    const value = env[name];
    if (value !== undefined && !/^https?:\/\/[^/]/.test(value)) {
      reader.problem(`${name} must be an http:// or https:// URL, got "${value}"`);
    }
  }
  reader.finish({});
}
