import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvReader } from '@harborhook/shared/config/env-reader';
import { readApiTlsConfig } from '../src/server/tls.ts';

function problems(env: EnvReader): string {
  try {
    env.finish({});
    return '';
  } catch (err) {
    return ((err as { details?: string[] }).details ?? []).join('\n');
  }
}

test('API_TLS_*: HTTPS needs the certificate and key together; client CAs need HTTPS',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'harborhook-api-tls-'));
    try {
      const cert = join(dir, 'server.crt');
      const key = join(dir, 'server.key');
      await writeFile(cert, 'cert');
      await writeFile(key, 'key');
      assert.equal(readApiTlsConfig(new EnvReader({})), undefined);
      assert.deepEqual(readApiTlsConfig(new EnvReader({ API_TLS_CERT_FILE: cert,
        API_TLS_KEY_FILE: key, API_TLS_CLIENT_CA_FILE: cert })),
      { certFile: cert, keyFile: key, clientCaFile: cert });

      const half = new EnvReader({ API_TLS_CERT_FILE: cert });
      readApiTlsConfig(half);
      assert.match(problems(half), /API_TLS_CERT_FILE and API_TLS_KEY_FILE must be set together/);

      const caOnly = new EnvReader({ API_TLS_CLIENT_CA_FILE: cert });
      assert.equal(readApiTlsConfig(caOnly), undefined);
      assert.match(problems(caOnly), /API_TLS_CLIENT_CA_FILE needs API_TLS_CERT_FILE/);

      const missing = new EnvReader({ API_TLS_CERT_FILE: cert, API_TLS_KEY_FILE: `${key}.x` });
      readApiTlsConfig(missing);
      assert.match(problems(missing), /API_TLS_KEY_FILE cannot be read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
