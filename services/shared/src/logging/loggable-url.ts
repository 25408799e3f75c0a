/** A URL fit for a log line: scheme, host, port and path, never the query or credentials. */
export function loggableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '[unparseable url]';
  }
}

/**
 * An endpoint's origin (scheme, host, port) for a log line: receivers often put a credential
 * in the path as well as the query (`/services/T0/B0/<token>`), so not even the path.
 */
export function loggableOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '[unparseable url]';
  }
}
