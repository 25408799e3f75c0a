import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ERRORS } from '@harborhook/shared/errors';

const ERRORS_DOC = new URL('../../../docs/errors.md', import.meta.url);
const ROW = /^\| `(WHK_ERR_[A-Z_]+)` \| (\d{3}) \| (.+) \| (.+) \|$/;

async function documentedCodes(): Promise<Map<string, number>> {
  const rows = new Map<string, number>();
  for (const line of (await readFile(ERRORS_DOC, 'utf8')).split('\n')) {
    const match = ROW.exec(line);
    if (match === null) continue;
    assert.ok(!rows.has(match[1] as string), `${match[1]} is documented twice`);
    rows.set(match[1] as string, Number(match[2]));
  }
  return rows;
}

describe('docs/errors.md', () => {
  test('has exactly one row per code in ERRORS, with its HTTP status', async () => {
    const documented = await documentedCodes();
    const defined = new Map(Object.entries(ERRORS).map(([code, e]) => [code, e.statusCode]));
    assert.deepEqual([...documented.keys()].sort(), [...defined.keys()].sort(),
      'docs/errors.md and services/shared/src/errors.ts list different codes');
    for (const [code, status] of defined) {
      assert.equal(documented.get(code), status, `${code} has the wrong status in the doc`);
    }
  });
});
