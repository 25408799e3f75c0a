/**
 * How a test receiver answers. Each behaviour models one way real webhook receivers misbehave;
 * chaos experiments switch between them while deliveries are flowing.
 */
export type ReceiverBehaviour =
  /** Answer 200 (or 204) at once. */
  | { kind: 'succeed'; status?: 200 | 204 }
  /** Always answer this status, optionally with a Retry-After header. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Answer `status` (default 500) to the first `count` requests, then 200. */
  | { kind: 'fail-first'; count: number; status?: number }
  /** Answer `status` (default 500) to about `fraction` of requests, chosen by a seeded PRNG. */
  | { kind: 'fail-fraction'; fraction: number; seed: number; status?: number }
  /** Read the request and never answer, until the receiver closes. */
  | { kind: 'hang' }
  /** Answer `status` (default 200) after `delayMs`. */
  | { kind: 'slow'; delayMs: number; status?: number }
  /** Read the request, then destroy the connection without an answer. */
  | { kind: 'reset' }
  /** Answer a redirect to `location`. */
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 }
  /** Answer `status` (default 200) with a body of `bytes` bytes. */
  | { kind: 'huge-body'; bytes: number; status?: number };

/** What to do with one request, decided from the behaviour and the requests seen so far. */
export type Reply =
  | { action: 'answer'; status: number; headers: Record<string, string>; body: Buffer;
    delayMs: number }
  | { action: 'hang' }
  | { action: 'reset' };

const EMPTY = Buffer.alloc(0);

function answer(status: number, headers: Record<string, string> = {}, body: Buffer = EMPTY,
  delayMs = 0): Reply {
  return { action: 'answer', status, headers, body, delayMs };
}

/**
 * @param index the request's position since the behaviour was set, counting from 0
 * @param random the behaviour's seeded PRNG
 */
export function replyFor(behaviour: ReceiverBehaviour, index: number,
  random: () => number): Reply {
  switch (behaviour.kind) {
    case 'succeed': return answer(behaviour.status ?? 200);
    case 'status': return answer(behaviour.status,
      behaviour.retryAfter === undefined ? {} : { 'retry-after': behaviour.retryAfter });
    case 'fail-first': return answer(index < behaviour.count ? behaviour.status ?? 500 : 200);
    case 'fail-fraction':
      return answer(random() < behaviour.fraction ? behaviour.status ?? 500 : 200);
    case 'hang': return { action: 'hang' };
    case 'slow': return answer(behaviour.status ?? 200, {}, EMPTY, behaviour.delayMs);
    case 'reset': return { action: 'reset' };
    case 'redirect': return answer(behaviour.status ?? 302, { location: behaviour.location });
    case 'huge-body': return answer(behaviour.status ?? 200, { 'content-type': 'text/plain' },
      Buffer.alloc(behaviour.bytes, 'x'));
  }
}
