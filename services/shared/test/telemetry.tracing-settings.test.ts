import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isHarborhookError } from '../src/errors.ts';
import { checkTracingSettings } from '../src/telemetry/tracing-settings.ts';
import { tracingConfigured } from '../src/telemetry/tracing.ts';

function problems(env: Record<string, string>): string[] {
  try {
    checkTracingSettings(env);
    return [];
  } catch (err) {
    assert.ok(isHarborhookError(err));
    assert.equal(err.code, 'WHK_ERR_CONFIG_INVALID');
    return err.details as string[];
  }
}

describe('tracing settings', () => {
  it('accept the standard values and nothing at all', () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(problems({ OTEL_TRACES_EXPORTER: 'otlp,console',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.01',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }), []);
  });

  it('refuse, all at once, what the SDK would quietly ignore', () => {
    const found = problems({ OTEL_TRACES_EXPORTER: 'otlp,bogus', OTEL_TRACES_SAMPLER: 'junk',
      OTEL_TRACES_SAMPLER_ARG: '2', OTEL_EXPORTER_OTLP_PROTOCOL: 'udp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not-a-url' });
    assert.equal(found.length, 5, found.join('\n'));
    assert.match(found[0] ?? '', /OTEL_TRACES_EXPORTER names "bogus"/);
  });
});

describe('whether tracing is on', () => {
  it('is off unless an exporter is named, and OTEL_SDK_DISABLED wins', () => {
    assert.equal(tracingConfigured({}), false);
    assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none' }), false);
    assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: ' otlp ' }), true);
    assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_SDK_DISABLED: 'TRUE' }), false);
  });
});
