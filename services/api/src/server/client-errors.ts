import type { Socket } from 'node:net';
import { errorBody, HarborhookError } from '@harborhook/shared/errors';
import type { Logger } from '@harborhook/shared/logger';

/** Node's HTTP parser errors, by code, and what each becomes. */
const PARSER_ERRORS: Record<string, HarborhookError> = {
  HPE_HEADER_OVERFLOW: new HarborhookError('WHK_ERR_REQUEST_HEADERS_TOO_LARGE',
    'the request line and headers are larger, or more numerous, than the api accepts'),
  ERR_HTTP_REQUEST_TIMEOUT: new HarborhookError('WHK_ERR_REQUEST_TIMEOUT',
    'the request did not arrive in time'),
};

const NOT_HTTP = new HarborhookError('WHK_ERR_REQUEST_INVALID',
  'the request is not valid HTTP/1.1');

/**
 * Fastify's `clientErrorHandler`: node's HTTP parser refused the bytes on a connection (headers
 * too large, too slow, not HTTP) before any routing, so no request exists. The answer has the
 * one error shape and closes the connection; the log line has the status and the parser's
 * code, never the raw bytes (`err.rawPacket` holds the request line with its query).
 */
export function createClientErrorHandler(logger: Logger):
  (err: Error & { code?: string }, socket: Socket) => void {
  return (err, socket) => {
    // A reset connection, or one already gone, has nobody to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const mapped = PARSER_ERRORS[err.code ?? ''] ?? NOT_HTTP;
    logger.info({ statusCode: mapped.statusCode, code: mapped.code, err },
      'request refused before routing');
    if (socket.writable) {
      const body = JSON.stringify(errorBody(mapped));
      socket.write(`HTTP/1.1 ${mapped.statusCode} ${errorBody(mapped).error}\r\n`
        + 'Content-Type: application/json\r\n'
        + `Content-Length: ${Buffer.byteLength(body)}\r\n`
        + `Connection: close\r\n\r\n${body}`);
    }
    socket.destroy(err);
  };
}
