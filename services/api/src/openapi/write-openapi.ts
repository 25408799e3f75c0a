import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatOpenApiDocument, generateOpenApiDocument } from './document.ts';

/** `npm run openapi -w @harborhook/api`: rewrites docs/openapi.json from the route schemas. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../../../docs/openapi.json',
  import.meta.url));

if (import.meta.main) {
  await writeFile(OPENAPI_FILE, formatOpenApiDocument(await generateOpenApiDocument()));
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
