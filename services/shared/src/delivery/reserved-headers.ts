/**
 * Headers an endpoint's custom headers may not set. Harborhook sets some itself; the others
 * describe the connection or how the body is framed and encoded, which only the sender can know
 * (a custom `Content-Encoding: gzip` would label a body that is not compressed). `authorization`
 * is allowed on purpose (receivers often want a static token). The api refuses such names when
 * an endpoint is saved, and the worker drops them again when it sends, for rows saved before a
 * rule was added.
 */
const OWN_HEADERS = new Set(['host', 'user-agent', 'traceparent', 'tracestate']);
const OWN_PREFIXES = ['webhook-', 'harborhook-'];
const FRAMING_HEADERS = new Set(['connection', 'transfer-encoding', 'keep-alive', 'upgrade',
  'te', 'trailer', 'expect']);
const FRAMING_PREFIXES = ['content-', 'proxy-'];
/** Names that are not plain data in a JavaScript object: `__proto__` would not round-trip. */
const OBJECT_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a custom header name is refused, or undefined when it may be used. */
export function reservedHeaderReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (OBJECT_KEYS.has(lower)) return 'is not allowed as a header name';
  if (OWN_HEADERS.has(lower) || OWN_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    return 'is reserved: Harborhook sets it itself';
  }
  if (FRAMING_HEADERS.has(lower) || FRAMING_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
    return 'is reserved: it describes the connection or the body, which Harborhook sends';
  }
  return undefined;
}
