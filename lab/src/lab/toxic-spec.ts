import { LabError } from './lab-error.ts';

/**
 * One fault to put on a link, in Toxiproxy's terms (docs/lab.md has the exact semantics).
 * Times are milliseconds except the slicer's `delayUs`, which Toxiproxy takes in microseconds.
 */
export type ToxicKind =
  /** Delay each chunk by latency ± jitter. */
  | { type: 'latency'; latencyMs: number; jitterMs?: number }
  /** Pace the bytes at `rateKBps` (1 KB = 1000 bytes). Must be above 0: 0 hangs the link. */
  | { type: 'bandwidth'; rateKBps: number }
  /** Hold the close of a connection back for `delayMs`. */
  | { type: 'slow_close'; delayMs: number }
  /** Drop every byte; close after `timeoutMs` (0: never). Removing it closes the connections. */
  | { type: 'timeout'; timeoutMs: number }
  /** On the first data, wait `timeoutMs`, then reset the connection (TCP RST). */
  | { type: 'reset_peer'; timeoutMs: number }
  /** Cut each chunk into pieces of about `averageSize` bytes, `delayUs` apart. */
  | { type: 'slicer'; averageSize: number; sizeVariation?: number; delayUs?: number }
  /** Close a connection after `bytes` bytes in this direction. */
  | { type: 'limit_data'; bytes: number };

/** Which way the toxic acts: client to server (upstream), back (downstream), or both ways. */
export type ToxicStream = 'upstream' | 'downstream' | 'both';

export type ToxicSpec = ToxicKind & {
  /** Unique on its link; defaults to the type. A `both` toxic adds `-up` and `-down`. */
  name?: string;
  /** Toxiproxy's default is downstream (server to client). */
  stream?: ToxicStream;
  /** Probability, drawn per connection and direction, that the toxic acts (default 1). */
  toxicity?: number;
};

/** The body Toxiproxy's API takes to create one toxic. */
export interface ToxicBody {
  name: string;
  type: ToxicKind['type'];
  stream: 'upstream' | 'downstream';
  toxicity: number;
  attributes: Record<string, number>;
}

/** Checks a spec and turns it into one Toxiproxy toxic per direction. */
export function toxicBodies(spec: ToxicSpec): ToxicBody[] {
  const toxicity = spec.toxicity ?? 1;
  if (!(toxicity >= 0 && toxicity <= 1)) invalid('toxicity must be between 0 and 1');
  const attributes = attributesOf(spec);
  const name = spec.name ?? spec.type;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    invalid('a toxic name is 1-64 letters, digits, ".", "_" or "-"');
  }
  const stream = spec.stream ?? 'downstream';
  if (stream !== 'both') return [{ name, type: spec.type, stream, toxicity, attributes }];
  return [
    { name: `${name}-up`, type: spec.type, stream: 'upstream', toxicity, attributes },
    { name: `${name}-down`, type: spec.type, stream: 'downstream', toxicity, attributes },
  ];
}

function attributesOf(spec: ToxicKind): Record<string, number> {
  switch (spec.type) {
    case 'latency':
      return { latency: atLeast(spec.latencyMs, 0, 'latencyMs'),
        jitter: atLeast(spec.jitterMs ?? 0, 0, 'jitterMs') };
    case 'bandwidth':
      // Toxiproxy 2.12 spins forever on rate 0 instead of stopping the data.
      if (!(spec.rateKBps > 0)) invalid('bandwidth rateKBps must be above 0 (0 hangs the link)');
      return { rate: atLeast(spec.rateKBps, 1, 'rateKBps') };
    case 'slow_close': return { delay: atLeast(spec.delayMs, 0, 'delayMs') };
    case 'timeout': return { timeout: atLeast(spec.timeoutMs, 0, 'timeoutMs') };
    case 'reset_peer': return { timeout: atLeast(spec.timeoutMs, 0, 'timeoutMs') };
    case 'slicer': {
      const averageSize = atLeast(spec.averageSize, 1, 'averageSize');
      const sizeVariation = atLeast(spec.sizeVariation ?? 0, 0, 'sizeVariation');
      if (sizeVariation >= averageSize && sizeVariation > 0) {
        invalid('slicer sizeVariation must be below averageSize');
      }
      return { average_size: averageSize, size_variation: sizeVariation,
        delay: atLeast(spec.delayUs ?? 0, 0, 'delayUs') };
    }
    case 'limit_data': return { bytes: atLeast(spec.bytes, 0, 'bytes') };
  }
}

function atLeast(value: number, min: number, what: string): number {
  if (!Number.isInteger(value) || value < min) invalid(`${what} must be an integer >= ${min}`);
  return value;
}

function invalid(message: string): never {
  throw new LabError('LAB_ERR_INVALID_TOXIC', message);
}
