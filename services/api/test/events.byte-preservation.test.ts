import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { publish } from './support/fixtures.ts';

/** Payloads that any re-serialisation would change. */
const AWKWARD = [
  '{"b":1,"a":2}',
  '{ "spaced" :\t[ 1 ,2,  3 ] ,\r\n  "nested":{"z":null,"y":true} }',
  '{"name":"Ren\\u00e9e","emoji":"\\ud83d\\ude00","raw":"é✓"}',
  '{"big":12345678901234567890123,"exp":1.0e+2,"neg":-0,"frac":0.10}',
  '{"trailing":"newline"}\n',
  '  "just a string"  ',
  '[1,2,3]',
  '{"dup":1,"dup":2}',
];

async function storedPayload(api: TestApi, id: string): Promise<Buffer> {
  const { rows } = await api.db.query<{ payload: Buffer; payload_sha256: Buffer }>(
    'SELECT payload, payload_sha256 FROM events WHERE id = $1', [id]);
  const row = rows[0];
  assert.ok(row, `event ${id} not stored`);
  assert.deepEqual(row.payload_sha256, createHash('sha256').update(row.payload).digest());
  return row.payload;
}

describe('payload bytes are preserved', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi();
    token = await api.token('bytes');
  });
  after(async () => { await api.close(); });

  test('a single publish stores the body byte for byte', async () => {
    for (const payload of AWKWARD) {
      const res = await publish(api, token, 'bytes.single', payload);
      assert.equal(res.status, 202, payload);
      assert.deepEqual(await storedPayload(api, res.json.id), Buffer.from(payload, 'utf8'));
    }
  });

  test('the payload route returns the stored bytes unchanged as application/json', async () => {
    const payload = AWKWARD[2] as string;
    const id = (await publish(api, token, 'bytes.read', payload)).json.id as string;
    const res = await api.request('GET', `/v1/events/${id}/payload`, { token });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.text, payload);
  });

  test('event metadata reports the payload size and hex SHA-256', async () => {
    const payload = AWKWARD[3] as string;
    const id = (await publish(api, token, 'bytes.meta', payload)).json.id as string;
    const res = await api.request('GET', `/v1/events/${id}`, { token });
    assert.equal(res.json.payloadBytes, Buffer.byteLength(payload));
    assert.equal(res.json.payloadSha256, createHash('sha256').update(payload).digest('hex'));
  });

  test('each batch item stores the exact source text of its payload', async () => {
    const body = `{ "events" : [\n${AWKWARD.map((payload, i) =>
      `  {"payload":  ${payload.trimEnd()} ,"type":"bytes.batch${i}"}`).join(',\n')}\n] }\n`;
    const res = await api.request('POST', '/v1/events/batch', { token, body });
    assert.equal(res.status, 200, res.text);
    for (const [i, payload] of AWKWARD.entries()) {
      const result = res.json.results[i];
      assert.equal(result.status, 'accepted');
      assert.deepEqual(await storedPayload(api, result.id), Buffer.from(payload.trim(), 'utf8'));
    }
  });

  test('a batch payload containing strings with brackets and quotes is cut exactly', async () => {
    const payload = '{"tricky":"]}\\"{[","list":[{"a":"}"}],"s":"\\\\"}';
    const body = `{"events":[{"type":"bytes.tricky","payload":${payload},`
      + `"idempotencyKey":"k-1"}]}`;
    const res = await api.request('POST', '/v1/events/batch', { token, body });
    assert.equal(res.json.results[0].status, 'accepted');
    assert.deepEqual(await storedPayload(api, res.json.results[0].id),
      Buffer.from(payload, 'utf8'));
  });
});
