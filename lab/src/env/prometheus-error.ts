/** Stable codes for what can go wrong with the lab's Prometheus server and its API. */
export type PrometheusErrorCode =
  /** A scrape target that is not an http `/metrics` URL on 127.0.0.1 or ::1. */
  | 'PROMETHEUS_ERR_NOT_LOOPBACK'
  /** The server exited or did not answer /-/ready in time. */
  | 'PROMETHEUS_ERR_NOT_READY'
  /** The HTTP API answered with an error status or an `error` body. */
  | 'PROMETHEUS_ERR_API';

export class PrometheusError extends Error {
  readonly code: PrometheusErrorCode;

  constructor(code: PrometheusErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'PrometheusError';
    this.code = code;
  }
}
