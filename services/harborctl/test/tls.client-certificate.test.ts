import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPlatform } from '@harborhook/lab/platform/platform';
import { EXIT } from '../src/errors.ts';
import { runCli } from './support/run-cli.ts';

test('harborctl reaches an api that demands client certificates with HARBORHOOK_TLS_*',
  async () => {
    await using platform = await startPlatform({ tls: true, workers: 0 });
    const certs = platform.certificates;
    assert.ok(certs !== undefined);
    const base = { HARBORHOOK_API_URL: platform.apiUrl, HARBORHOOK_TLS_CA_FILE: certs.caFile };
    const operator = certs.clients.operator;

    const withCert = await runCli(['health'], { env: { ...base,
      HARBORHOOK_TLS_CERT_FILE: operator.certFile, HARBORHOOK_TLS_KEY_FILE: operator.keyFile } });
    assert.equal(withCert.code, EXIT.ok, withCert.stderr);

    const withoutCert = await runCli(['health'], { env: base });
    assert.equal(withoutCert.code, EXIT.connection, withoutCert.stderr);

    const half = await runCli(['health'], { env: { ...base,
      HARBORHOOK_TLS_CERT_FILE: operator.certFile } });
    assert.equal(half.code, EXIT.usage);
    assert.match(half.stderr, /HARBORHOOK_TLS_CERT_FILE and HARBORHOOK_TLS_KEY_FILE/);

    const missing = await runCli(['health'], { env: { ...base,
      HARBORHOOK_TLS_CERT_FILE: operator.certFile, HARBORHOOK_TLS_KEY_FILE: '/nonexistent' } });
    assert.equal(missing.code, EXIT.usage);
    assert.match(missing.stderr, /HARBORHOOK_TLS_KEY_FILE cannot be read/);
  });
