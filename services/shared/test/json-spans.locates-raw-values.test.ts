import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrayElementSpans, documentStart, objectMemberSpans } from '../src/json-spans.ts';

test('payload spans inside a batch keep spacing, key order, escapes and number spellings', () => {
  const payloads = [
    '{ "b" : 1,\n  "a":[ 1 , 2 ] }',
    '{"name":"caf\\u00e9 \\"quoted\\" \\\\ }]","n":12345678901234567890123}',
    '"just a string with , and ]"',
    '-1.50e+10',
    'null',
    '[ ]',
    '{"nested":{"deep":[{"x":"}"}]}}',
  ];
  const text = ` {"events" : [ ${payloads.map((p, i) =>
    `{"type":"t.${i}", "payload" :${p} , "idempotencyKey":"k${i}"}`).join(' ,\n ')} ] } `;
  JSON.parse(text);
  const top = objectMemberSpans(text, documentStart(text));
  const events = top.get('events');
  assert.ok(events !== undefined);
  const items = arrayElementSpans(text, events.start);
  assert.equal(items.length, payloads.length);
  items.forEach((item, i) => {
    const payload = objectMemberSpans(text, item.start).get('payload');
    assert.ok(payload !== undefined);
    assert.equal(text.slice(payload.start, payload.end), payloads[i]);
  });
});

test('empty objects and arrays have no members or elements', () => {
  assert.equal(objectMemberSpans('{ }', 0).size, 0);
  assert.deepEqual(arrayElementSpans('[\n]', 0), []);
});
