/** What the api answered: status, headers, the raw body and, if it parses, its JSON. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: unknown;
  text: string;
}

/** One api call as a client makes it: a bearer token, a method and path, maybe a body. */
export interface ApiRequest {
  token: string;
  method: string;
  path: string;
  /** A string or bytes is sent as is, anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends one request to the api at `baseUrl` and reads the whole answer. `init` adds fetch
 * options (an HTTPS dispatcher that presents a client certificate, say).
 */
export async function requestApi(baseUrl: string, request: ApiRequest,
  init: RequestInit = {}): Promise<ApiResponse> {
  const headers: Record<string, string> =
    { authorization: `Bearer ${request.token}`, ...request.headers };
  let payload: string | Uint8Array | undefined;
  if (request.body !== undefined) {
    payload = typeof request.body === 'string' || request.body instanceof Uint8Array
      ? request.body : JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + request.path, { ...init, method: request.method,
    headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: parseJson(text), text };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
