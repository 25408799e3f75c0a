import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvReader } from '../src/config/env-reader.ts';
import { readDatabaseConfig, readNsqConfig } from '../src/config/common.ts';
import { loadTlsMaterial, readTlsFiles } from '../src/config/tls-files.ts';

/** Three placeholder PEM files: the reader only checks that they can be read. */
async function withFiles(work: (files: { ca: string; cert: string; key: string }) =>
  Promise<void> | void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'harborhook-tls-config-'));
  try {
    const files = { ca: join(dir, 'ca.crt'), cert: join(dir, 'c.crt'), key: join(dir, 'c.key') };
    for (const [name, path] of Object.entries(files)) await writeFile(path, `${name} pem`);
    await work(files);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function problems(env: EnvReader): string[] {
  try {
    env.finish({});
    return [];
  } catch (err) {
    return (err as { details?: string[] }).details ?? [];
  }
}

test('TLS is off without a CA file, and on with one; the client pair is optional', async () => {
  assert.equal(readTlsFiles(new EnvReader({}), 'DATABASE_TLS'), undefined);
  await withFiles((f) => {
    assert.deepEqual(readTlsFiles(new EnvReader({ NSQD_TLS_CA_FILE: f.ca }), 'NSQD_TLS'),
      { caFile: f.ca });
    const env = new EnvReader({ NSQD_TLS_CA_FILE: f.ca, NSQD_TLS_CERT_FILE: f.cert,
      NSQD_TLS_KEY_FILE: f.key });
    const files = readTlsFiles(env, 'NSQD_TLS');
    assert.deepEqual(files, { caFile: f.ca, certFile: f.cert, keyFile: f.key });
    const material = loadTlsMaterial(files ?? { caFile: '' });
    assert.equal(material.key?.toString(), 'key pem');
  });
});

test('half a client pair, a pair without a CA, and unreadable files are problems', async () => {
  await withFiles((f) => {
    const half = new EnvReader({ DATABASE_TLS_CA_FILE: f.ca, DATABASE_TLS_CERT_FILE: f.cert });
    readTlsFiles(half, 'DATABASE_TLS');
    assert.match(problems(half).join('\n'), /DATABASE_TLS_CERT_FILE and DATABASE_TLS_KEY_FILE/);

    const noCa = new EnvReader({ DATABASE_TLS_CERT_FILE: f.cert, DATABASE_TLS_KEY_FILE: f.key });
    assert.equal(readTlsFiles(noCa, 'DATABASE_TLS'), undefined);
    assert.match(problems(noCa).join('\n'), /DATABASE_TLS_CA_FILE is required/);

    const missing = new EnvReader({ NSQD_TLS_CA_FILE: `${f.ca}.missing` });
    readTlsFiles(missing, 'NSQD_TLS');
    assert.match(problems(missing).join('\n'), /NSQD_TLS_CA_FILE cannot be read/);
  });
});

test('ssl settings in DATABASE_URL are refused when DATABASE_TLS_* decide TLS', async () => {
  await withFiles((f) => {
    const env = new EnvReader({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db?sslmode=disable',
      DATABASE_TLS_CA_FILE: f.ca });
    readDatabaseConfig(env);
    assert.match(problems(env).join('\n'), /DATABASE_URL must not carry sslmode/);

    const plain = new EnvReader({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db?sslmode=disable' });
    assert.equal(readDatabaseConfig(plain).tls, undefined);
    assert.deepEqual(problems(plain), []);
  });
});

test('NSQD_HTTPS_ADDRESS is read as host:port when set', () => {
  assert.equal(readNsqConfig(new EnvReader({})).httpsAddress, undefined);
  assert.equal(readNsqConfig(new EnvReader({ NSQD_HTTPS_ADDRESS: '127.0.0.1:4152' }))
    .httpsAddress, '127.0.0.1:4152');
  const bad = new EnvReader({ NSQD_HTTPS_ADDRESS: 'https://127.0.0.1:4152' });
  readNsqConfig(bad);
  assert.match(problems(bad).join('\n'), /NSQD_HTTPS_ADDRESS must be host:port/);
});
