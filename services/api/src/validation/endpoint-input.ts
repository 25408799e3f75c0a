import { HarborhookError } from '@harborhook/shared/errors';

/**
 * Headers the worker sets itself or that HTTP reserves for the connection: an endpoint may not
 * override them. `authorization` is allowed on purpose (receivers often want a static token).
 */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'user-agent',
  'connection', 'transfer-encoding', 'traceparent', 'tracestate', 'keep-alive', 'upgrade', 'te',
  'trailer', 'expect']);
const RESERVED_PREFIX = 'webhook-';

function invalid(message: string): HarborhookError {
  return new HarborhookError('WHK_ERR_REQUEST_INVALID', message);
}

/** An http or https URL with a host. Which hosts are allowed is decided elsewhere (SSRF). */
export function checkEndpointUrl(text: string): void {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw invalid('body/url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`body/url must use http or https, not ${parsed.protocol.replace(':', '')}`);
  }
  if (parsed.hostname === '') throw invalid('body/url must name a host');
}

/** Custom headers: no reserved names, and no name twice in different letter case. */
export function checkEndpointHeaders(headers: Readonly<Record<string, string>>): void {
  const seen = new Set<string>();
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || lower.startsWith(RESERVED_PREFIX)) {
      throw invalid(`body/headers/${name} is reserved: Harborhook sets it itself`);
    }
    if (seen.has(lower)) throw invalid(`body/headers/${name} is given twice`);
    seen.add(lower);
  }
}
