import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellText, Output, sanitize } from '../src/output.ts';

function capture(): { out: Output; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  const out = new Output('table',
    { write: (c) => { stdout += Buffer.from(c).toString('utf8'); } },
    { write: (c) => { stderr += Buffer.from(c).toString('utf8'); } });
  return { out, stdout: () => stdout, stderr: () => stderr };
}

test('a table pads each column to its widest cell, two spaces apart, no trailing blanks', () => {
  const { out, stdout } = capture();
  out.table([{ a: 'x', b: 'longer value', c: null }, { a: 'wide cell', b: 1, c: true }], [
    { header: 'A', field: 'a' },
    { header: 'B', field: 'b' },
    { header: 'C', field: 'c' },
  ]);
  assert.equal(stdout(), [
    'A          B             C',
    'x          longer value  -',
    'wide cell  1             true',
    '',
  ].join('\n'));
});

test('long free text is cut with an ellipsis at the column\'s width', () => {
  const { out, stdout } = capture();
  out.table([{ d: 'abcdefghij' }], [{ header: 'D', field: 'd', maxWidth: 5 }]);
  assert.equal(stdout(), 'D\nabcd…\n');
});

test('cells: none is -, lists are comma-joined, objects compact JSON', () => {
  assert.equal(cellText(undefined), '-');
  assert.equal(cellText(''), '-');
  assert.equal(cellText([]), '-');
  assert.equal(cellText(['a.*', 'b']), 'a.*, b');
  assert.equal(cellText({ 'X-A': '1' }), '{"X-A":"1"}');
  assert.equal(cellText(0), '0');
  assert.equal(cellText(false), 'false');
});

test('control characters and bidi overrides from the API are escaped, not printed', () => {
  assert.equal(sanitize('a\nb\tc\r\u001b[2J\u0007\u009b\u202eevil'),
    'a\\nb\\tc\\r\\u001b[2J\\u0007\\u009b\\u202eevil');
  assert.equal(sanitize('café ☕ ok'), 'café ☕ ok');
});

test('detail aligns field names; JSON output adds one newline only when missing', () => {
  const { out, stdout } = capture();
  out.detail({ id: 'x', createdAt: 't', secret: 's' }, ['secret']);
  out.jsonBytes(Buffer.from('{"a":1}'));
  out.jsonBytes(Buffer.from('{"b":2}\n'));
  out.jsonBytes(Buffer.alloc(0));
  assert.equal(stdout(), 'id         x\ncreatedAt  t\n{"a":1}\n{"b":2}\n');
});

test('notes go to stderr', () => {
  const { out, stdout, stderr } = capture();
  out.note('hint');
  assert.equal(stdout(), '');
  assert.equal(stderr(), 'hint\n');
});
