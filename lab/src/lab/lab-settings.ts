import type { Env } from '../platform/service-env.ts';

/** Receivers listen on loopback, which the SSRF guard refuses unless allowed. */
const LOOPBACK_NETWORKS = '127.0.0.0/8,::1/128';

/**
 * Settings every lab service gets unless the lab's options override them: quick enough that
 * an experiment sees recovery within seconds, slow enough that a fault of a few seconds does
 * not exhaust a delivery's attempts (about 14 s of retries before a delivery is dead).
 */
export const LAB_SERVICE_SETTINGS: Env = {
  RELAY_POLL_INTERVAL: '25ms',
  RELAY_HOUSEKEEPING_INTERVAL: '250ms',
  RELAY_QUEUED_LEASE: '10s',
  RETRY_SCHEDULE: '100ms,250ms,500ms,1s,1s,2s,2s,2s,2s,3s',
  RETRY_JITTER: '0.1',
  WORKER_ENDPOINT_DEFER: '50ms',
  DELIVERY_TIMEOUT: '3s',
  DELIVERY_CONNECT_TIMEOUT: '1s',
  // Longer than DELIVERY_TIMEOUT, so a live attempt is never taken over.
  WORKER_ATTEMPT_LEASE: '6s',
  NSQ_RECONNECT_INTERVAL: '1s',
  SHUTDOWN_GRACE: '2s',
  OUTBOUND_ALLOWED_NETWORKS: LOOPBACK_NETWORKS,
  // Circuits on, on the lab's time scale: open after 5 outage-class failures, for 0.5 s at
  // first and at most 4 s, so an endpoint that recovers is probed within seconds.
  WORKER_CIRCUIT_FAILURES: '5',
  WORKER_CIRCUIT_OPEN: '500ms',
  WORKER_CIRCUIT_MAX_OPEN: '4s',
  // A lab measures the platform under faults; throttling and load shedding would hide them.
  PUBLISH_RATE_LIMIT_PER_SECOND: '0',
  API_OVERLOAD_MAX_EVENT_LOOP_DELAY: '0',
};
