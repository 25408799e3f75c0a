import { isSpanContextValid, trace } from '@opentelemetry/api';
import { Registry, type Histogram, type LabelValues } from 'prom-client';

/**
 * Histogram options for `registry`: exemplars when it speaks OpenMetrics (the registry does
 * when the process traces), since the Prometheus text format has no place for them.
 */
export function exemplarOptions(registry: Registry): { enableExemplars: boolean } {
  const contentType: string = registry.contentType;
  return { enableExemplars: contentType === Registry.OPENMETRICS_CONTENT_TYPE };
}

/**
 * Observes `value`, and on a histogram with exemplars records the active span as the bucket's
 * exemplar, so a slow bucket in a dashboard links to a trace of one such delivery.
 */
export function observeTraced<T extends string>(histogram: Histogram<T>,
  labels: LabelValues<T>, value: number): void {
  if ((histogram as { enableExemplars?: boolean }).enableExemplars !== true) {
    histogram.observe(labels, value);
    return;
  }
  const span = trace.getActiveSpan()?.spanContext();
  // prom-client types exemplar labels like the metric's own; these are the exemplar's.
  const exemplarLabels = (span !== undefined && isSpanContextValid(span)
    ? { trace_id: span.traceId, span_id: span.spanId } : {}) as LabelValues<T>;
  histogram.observe({ labels, value, exemplarLabels });
}
