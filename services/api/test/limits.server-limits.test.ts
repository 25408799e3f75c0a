import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestApi, type TestApi } from './support/test-api.ts';

/** Sends raw bytes and resolves with everything the api wrote before it closed. */
async function rawExchange(base: string, request: string, end = true): Promise<string> {
  const { hostname, port } = new URL(base);
  return await new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      if (end) socket.end(request);
      else socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (err) => { if (chunks.length === 0) reject(err); });
  });
}

function parse(raw: string): { status: number; body: Record<string, unknown> } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) as Record<string, unknown> };
}

function headerLines(count: number, size = 1): string {
  return Array.from({ length: count }, (_, i) => `X-H${i}: ${'v'.repeat(size)}\r\n`).join('');
}

describe('header and timeout limits', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ env: { API_MAX_HEADERS_COUNT: '20',
      API_MAX_HEADER_BYTES: '4096', API_HEADERS_TIMEOUT: '1s', API_REQUEST_TIMEOUT: '1s' } });
  });
  after(async () => { await api.close(); });

  test('up to the header count is served', async () => {
    const raw = await rawExchange(api.url,
      `GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n${headerLines(18)}\r\n`);
    assert.equal(parse(raw).status, 200);
  });

  test('more header fields than API_MAX_HEADERS_COUNT are 431 in the error shape', async () => {
    const answer = parse(await rawExchange(api.url,
      `GET /healthz HTTP/1.1\r\nHost: a\r\n${headerLines(25)}\r\n`));
    assert.equal(answer.status, 431);
    assert.equal(answer.body.code, 'WHK_ERR_REQUEST_HEADERS_TOO_LARGE');
  });

  test('headers larger than API_MAX_HEADER_BYTES are 431 in the error shape', async () => {
    const answer = parse(await rawExchange(api.url,
      `GET /healthz HTTP/1.1\r\nHost: a\r\n${headerLines(1, 5000)}\r\n`));
    assert.equal(answer.status, 431);
    assert.equal(answer.body.code, 'WHK_ERR_REQUEST_HEADERS_TOO_LARGE');
  });

  test('headers that stop arriving are answered 408 once API_HEADERS_TIMEOUT passes',
    async () => {
      const answer = parse(await rawExchange(api.url, 'GET /healthz HTTP/1.1\r\nHost: a',
        false));
      assert.equal(answer.status, 408);
      assert.equal(answer.body.code, 'WHK_ERR_REQUEST_TIMEOUT');
    });

  test('a body that stops arriving is answered 408 once API_REQUEST_TIMEOUT passes',
    async () => {
      const token = await api.token('slow');
      const answer = parse(await rawExchange(api.url, 'POST /v1/events HTTP/1.1\r\nHost: a\r\n'
        + `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n`
        + 'Harborhook-Event-Type: a.b\r\nContent-Length: 100\r\n\r\n{"partial":', false));
      assert.equal(answer.status, 408);
      assert.equal(await api.count('events'), 0);
    });
});
