import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';

export interface CircuitSettings {
  /** Consecutive failed attempts that open an endpoint's circuit; 0 turns circuits off. */
  failureThreshold: number;
  /** How long the first opening lasts; each further one without a success doubles it. */
  openMs: number;
  /** The longest an opening lasts. */
  maxOpenMs: number;
}

export type CircuitState = 'open' | 'half_open';

/** A change worth a log line: the circuit opened (for `openMs`), or closed after opening. */
export type CircuitChange =
  | { change: 'opened'; openMs: number; failures: number }
  | { change: 'closed' };

/** What the worker may do with a delivery to an endpoint now. */
export type Admission =
  | { admitted: true; probe: boolean }
  | { admitted: false; retryInMs: number };

interface Circuit {
  failures: number;
  /** Openings since the last success: sets how long the next one lasts. */
  trips: number;
  openUntil: number;
  probing: boolean;
}

/**
 * Failures that say the receiver is down or overwhelmed, where more attempts only add load and
 * burn the delivery's retries. A 4xx is an answer from a live receiver and does not count.
 */
const OUTAGE_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(
  ['http_5xx', 'http_429', 'timeout', 'connection', 'dns']);

export function countsAsOutage(errorClass: ErrorClass | null): boolean {
  return errorClass !== null && OUTAGE_CLASSES.has(errorClass);
}

/**
 * A circuit breaker per endpoint, in this worker process. After `failureThreshold`
 * consecutive outage-class failures the circuit opens: deliveries to the endpoint are given
 * back without an attempt (their retry budget is not spent) until the opening ends. Then one
 * probe attempt goes out (half open); its success closes the circuit, its failure opens it
 * again for twice as long. Only endpoints with failures are tracked, so memory stays small.
 */
export class EndpointCircuits {
  readonly #settings: CircuitSettings;
  readonly #circuits = new Map<string, Circuit>();

  constructor(settings: CircuitSettings) {
    this.#settings = settings;
  }

  admit(endpointId: string, now: number): Admission {
    const circuit = this.#circuits.get(endpointId);
    if (circuit === undefined || circuit.openUntil === 0) return { admitted: true, probe: false };
    if (now < circuit.openUntil) return { admitted: false, retryInMs: circuit.openUntil - now };
    if (circuit.probing) return { admitted: false, retryInMs: 0 };
    circuit.probing = true;
    return { admitted: true, probe: true };
  }

  /** The result of an admitted attempt; `outage` from countsAsOutage. */
  record(endpointId: string, outage: boolean, now: number): CircuitChange | undefined {
    if (this.#settings.failureThreshold === 0) return undefined;
    const circuit = this.#circuits.get(endpointId);
    if (!outage) {
      this.#circuits.delete(endpointId);
      return circuit !== undefined && circuit.trips > 0 ? { change: 'closed' } : undefined;
    }
    const current = circuit ?? { failures: 0, trips: 0, openUntil: 0, probing: false };
    // An attempt that started before the circuit opened and failed after: already counted.
    if (!current.probing && now < current.openUntil) return undefined;
    current.failures += 1;
    const probeFailed = current.probing;
    current.probing = false;
    this.#circuits.set(endpointId, current);
    if (!probeFailed && current.failures < this.#settings.failureThreshold) return undefined;
    current.trips += 1;
    const openMs = Math.min(this.#settings.maxOpenMs,
      this.#settings.openMs * 2 ** (current.trips - 1));
    current.openUntil = now + openMs;
    return { change: 'opened', openMs, failures: current.failures };
  }

  /** A probe that ended without a result (the worker is shutting down): let another go. */
  abandonProbe(endpointId: string): void {
    const circuit = this.#circuits.get(endpointId);
    if (circuit !== undefined) circuit.probing = false;
  }

  /** How many endpoints are in each non-closed state; every other endpoint is closed. */
  counts(now: number): Record<CircuitState, number> {
    const counts = { open: 0, half_open: 0 };
    for (const circuit of this.#circuits.values()) {
      if (circuit.openUntil === 0) continue;
      if (now < circuit.openUntil) counts.open += 1;
      else counts.half_open += 1;
    }
    return counts;
  }
}
