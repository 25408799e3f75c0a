import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT_FILTER_PATTERN, isValidEventType, matchingFilters,
} from '../src/delivery/event-types.ts';

test('an event type matches itself, every prefix wildcard and the catch-all', () => {
  assert.deepEqual(matchingFilters('order.item.added').sort(),
    ['*', 'order.*', 'order.item.*', 'order.item.added'].sort());
  assert.deepEqual(matchingFilters('ping').sort(), ['*', 'ping'].sort());
});

test('event types are dot-separated names of bounded length', () => {
  for (const ok of ['order.created', 'a', 'invoice_v2.paid-late']) {
    assert.equal(isValidEventType(ok), true, ok);
  }
  for (const bad of ['', 'order.', '.order', 'order..created', 'order.*', 'a b', 'x'.repeat(129)]) {
    assert.equal(isValidEventType(bad), false, bad);
  }
});

test('filters allow exact types, prefix wildcards and the catch-all only', () => {
  const filter = new RegExp(EVENT_FILTER_PATTERN);
  for (const ok of ['*', 'order.*', 'order.created', 'a.b.*']) assert.ok(filter.test(ok), ok);
  for (const bad of ['order*', '*.created', 'order.*.x', '**', '']) {
    assert.equal(filter.test(bad), false, bad);
  }
});
