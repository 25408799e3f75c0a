import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestHeaders } from '../src/http/request-headers.ts';

test('custom headers saved before a rule refused them are still not sent', () => {
  const stored = JSON.parse('{"Content-Encoding":"gzip","__proto__":"x","Proxy-Authorization":'
    + '"p","X-Team":"payments","Authorization":"Bearer static","Webhook-Id":"forged"}') as
    Record<string, string>;
  const headers = requestHeaders({ customHeaders: stored,
    signingKeys: [{ scheme: 'hmac-sha256', secret: 'whsec_AAAA' }],
    webhookId: 'evt', deliveryId: 'd', attemptNumber: 1, timestamp: 1, body: Buffer.from('{}') });
  assert.equal(headers['content-encoding'], undefined);
  assert.equal(headers['proxy-authorization'], undefined);
  assert.equal(Object.getPrototypeOf(headers), Object.prototype);
  assert.equal(headers['x-team'], 'payments');
  assert.equal(headers.authorization, 'Bearer static');
  assert.equal(headers['webhook-id'], 'evt');
});

test('every current key adds one webhook-signature entry, newest first', () => {
  const headers = requestHeaders({ customHeaders: {},
    signingKeys: [{ scheme: 'hmac-sha256', secret: 'whsec_AAAA' },
      { scheme: 'hmac-sha256', secret: 'whsec_BBBB' }],
    webhookId: 'evt', deliveryId: 'd', attemptNumber: 1, timestamp: 1, body: Buffer.from('{}') });
  const entries = (headers['webhook-signature'] ?? '').split(' ');
  assert.equal(entries.length, 2);
  assert.ok(entries.every((entry) => entry.startsWith('v1,')));
  assert.notEqual(entries[0], entries[1]);
  assert.equal(headers['webhook-timestamp'], '1');
});
