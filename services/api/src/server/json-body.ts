import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HarborhookError } from '@harborhook/shared/errors';

/** The body exactly as received, kept beside its parsed value so that payloads stay bytes. */
export interface JsonSource {
  bytes: Buffer;
  text: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    jsonSource: JsonSource | null;
  }
}

// fatal: invalid UTF-8 is an error, not U+FFFD. ignoreBOM keeps a BOM in the text, where
// JSON.parse refuses it: a payload must be plain JSON text for every receiver.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** Decodes and parses JSON text; any failure is WHK_ERR_REQUEST_MALFORMED_JSON. */
export function parseJsonBytes(bytes: Buffer): { text: string; value: unknown } {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new HarborhookError('WHK_ERR_REQUEST_MALFORMED_JSON', 'the body is not valid UTF-8');
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    // The parser's own message quotes part of the body; a payload never goes into an answer.
    throw new HarborhookError('WHK_ERR_REQUEST_MALFORMED_JSON', 'the body is not valid JSON');
  }
}

function checkCharset(request: FastifyRequest): void {
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HarborhookError('WHK_ERR_REQUEST_MEDIA_TYPE',
      `JSON bodies must be UTF-8, got charset "${charset}"`);
  }
}

/**
 * The only body parser: application/json, read as a buffer so the route's bodyLimit is checked
 * while reading (413 before any parsing), then decoded strictly. Every other type is a 415.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.decorateRequest('jsonSource', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      checkCharset(request);
      const bytes = body as Buffer;
      // An empty body is no body: routes that need one say so, routes that take none accept it.
      if (bytes.length === 0) {
        done(null, undefined);
        return;
      }
      const { text, value } = parseJsonBytes(bytes);
      request.jsonSource = { bytes, text };
      done(null, value);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
}
