import { reservedHeaderReason } from '@harborhook/shared/delivery/reserved-headers';
import { HarborhookError } from '@harborhook/shared/errors';

/** Space, controls and DEL: a URL holding one is not the URL the worker would use. */
const SPACE_OR_CONTROL = /[\x00-\x20\x7F]/;
/** The scheme, `//`, then a non-empty authority (user info, host and port). */
const AUTHORITY = /^https?:\/\/([^/?#\\]+)/i;

function invalid(message: string): HarborhookError {
  return new HarborhookError('WHK_ERR_REQUEST_INVALID', message);
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw invalid('body/url must be an absolute http or https URL');
  }
}

/**
 * An http or https URL with a host, stored exactly as the worker will use it: what the client
 * sent must already be the URL's canonical form (WHATWG `href`), so that nothing is trimmed,
 * dropped or reinterpreted between what is shown and where deliveries go. Which hosts are
 * allowed is decided elsewhere (SSRF).
 */
export function checkEndpointUrl(text: string): void {
  if (SPACE_OR_CONTROL.test(text)) {
    throw invalid('body/url must not contain spaces, line breaks or other control characters');
  }
  const parsed = parseUrl(text);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalid(`body/url must use http or https, not ${parsed.protocol.replace(':', '')}`);
  }
  const authority = AUTHORITY.exec(text)?.[1];
  if (authority === undefined) {
    throw invalid('body/url must name a host right after "//", as in https://example.com/hook');
  }
  // Even an empty `@` counts: the URL would be stored with it and used without it.
  if (parsed.username !== '' || parsed.password !== '' || authority.includes('@')) {
    throw invalid('body/url must not contain a user name or password; send credentials in a '
      + 'custom header such as Authorization');
  }
  if (parsed.port === '0') throw invalid('body/url must not use port 0');
  if (text.includes('#')) {
    throw invalid('body/url must not have a fragment (#...): it is never sent');
  }
  if (parsed.href !== text) {
    throw invalid(`body/url must be given in canonical form, which is "${parsed.href}"`);
  }
}

/** Custom headers: no reserved names, and no name twice in different letter case. */
export function checkEndpointHeaders(headers: Readonly<Record<string, string>>): void {
  const seen = new Set<string>();
  // Own keys only: JSON.parse makes `__proto__` an own key, so it is seen and refused here.
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    const reason = reservedHeaderReason(name);
    if (reason !== undefined) throw invalid(`body/headers/${name} ${reason}`);
    if (seen.has(lower)) throw invalid(`body/headers/${name} is given twice`);
    seen.add(lower);
  }
}
