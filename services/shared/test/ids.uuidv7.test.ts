import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUuid, uuidv7 } from '../src/ids.ts';

test('uuidv7 ids are valid version-7 UUIDs that sort by creation time', () => {
  const earlier = uuidv7(1_700_000_000_000);
  const later = uuidv7(1_700_000_000_001);
  assert.ok(isUuid(earlier));
  assert.equal(earlier[14], '7');
  assert.ok(['8', '9', 'a', 'b'].includes(earlier[19] ?? ''));
  assert.ok(earlier < later);
  assert.notEqual(uuidv7(), uuidv7());
});
