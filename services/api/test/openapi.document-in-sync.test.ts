import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  formatOpenApiDocument, generateOpenApiDocument,
} from '../src/openapi/document.ts';
import { OPENAPI_FILE } from '../src/openapi/write-openapi.ts';
import { startTestApi } from './support/test-api.ts';

interface Operation {
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

describe('the OpenAPI document', () => {
  test('docs/openapi.json is what the server generates (run npm run openapi)', async () => {
    const committed = await readFile(OPENAPI_FILE, 'utf8');
    // A boolean assertion: the message matters, a dump of two 80 kB strings does not.
    assert.ok(committed === formatOpenApiDocument(await generateOpenApiDocument()),
      'docs/openapi.json is stale: run `npm run openapi -w @harborhook/api` and commit it');
  });

  test('every /v1 operation needs the bearer scheme and documents its errors', async () => {
    const document = await generateOpenApiDocument() as {
      paths: Record<string, Record<string, Operation>>;
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        assert.deepEqual(operation.security, [{ bearerAuth: [] }], where);
        for (const status of ['401', '403', '500', '503']) {
          const schema = operation.responses[status]?.content?.['application/json']?.schema;
          assert.equal(schema?.$ref, '#/components/schemas/ErrorBody', `${where} ${status}`);
        }
      }
    }
  });

  test('the running server serves the same document at /openapi.json', async () => {
    const api = await startTestApi();
    try {
      const res = await api.request('GET', '/openapi.json');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, await generateOpenApiDocument());
    } finally {
      await api.close();
    }
  });
});
