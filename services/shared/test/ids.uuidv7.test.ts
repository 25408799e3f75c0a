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

test('ids drawn across several entropy refills never repeat and keep their time and version',
  () => {
    const now = 1_800_000_000_000;
    const ids = Array.from({ length: 2_000 }, () => uuidv7(now));
    assert.equal(new Set(ids).size, ids.length);
    // The random part (the last 80 bits, minus version and variant) differs between neighbours.
    const randomParts = new Set(ids.map((id) => id.slice(15, 18) + id.slice(20)));
    assert.equal(randomParts.size, ids.length);
    for (const id of ids) {
      assert.ok(isUuid(id));
      assert.equal(id.slice(0, 13), uuidv7(now).slice(0, 13), 'the same millisecond prefix');
      assert.equal(id[14], '7');
    }
  });
