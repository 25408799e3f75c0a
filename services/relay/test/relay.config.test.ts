import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRelayConfig } from '../src/config.ts';
import { encodeMpubBody } from '../src/mpub-body.ts';

const BASE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

describe('relay config', () => {
  it('uses the documented defaults', () => {
    const config = readRelayConfig(BASE);
    assert.equal(config.pollIntervalMs, 25);
    assert.equal(config.batchSize, 500);
    assert.equal(config.queuedLeaseMs, 300_000);
    assert.equal(config.housekeepingIntervalMs, 30_000);
    assert.equal(config.nsq.httpAddress, '127.0.0.1:4151');
    assert.ok(Object.isFrozen(config));
  });

  it('reads durations and sizes from the environment', () => {
    const config = readRelayConfig({ ...BASE, RELAY_POLL_INTERVAL: '100ms',
      RELAY_BATCH_SIZE: '50', RELAY_QUEUED_LEASE: '2m', RELAY_HOUSEKEEPING_INTERVAL: '5s',
      SHUTDOWN_GRACE: '3s' });
    assert.deepEqual([config.pollIntervalMs, config.batchSize, config.queuedLeaseMs,
      config.housekeepingIntervalMs, config.shutdownGraceMs], [100, 50, 120_000, 5_000, 3_000]);
  });

  it('lists every problem at once', () => {
    assert.throws(() => readRelayConfig({ RELAY_BATCH_SIZE: '0', RELAY_POLL_INTERVAL: 'soon' }),
      (err: Error) => /DATABASE_URL/.test(err.message) && /RELAY_BATCH_SIZE/.test(err.message)
        && /RELAY_POLL_INTERVAL/.test(err.message));
  });

  it('publishes over TLS only with both an nsqd CA and an HTTPS address', () => {
    assert.throws(() => readRelayConfig({ ...BASE, NSQD_HTTPS_ADDRESS: '127.0.0.1:4152' }),
      /NSQD_TLS_CA_FILE and NSQD_HTTPS_ADDRESS must be set together/);
    assert.throws(() => readRelayConfig({ ...BASE, NSQD_TLS_CA_FILE: import.meta.filename }),
      /NSQD_TLS_CA_FILE and NSQD_HTTPS_ADDRESS must be set together/);
    const config = readRelayConfig({ ...BASE, NSQD_TLS_CA_FILE: import.meta.filename,
      NSQD_HTTPS_ADDRESS: '127.0.0.1:4152' });
    assert.deepEqual([config.nsq.tls, config.nsq.httpsAddress],
      [{ caFile: import.meta.filename }, '127.0.0.1:4152']);
  });
});

describe('relay mpub body', () => {
  it('encodes a count, then each message with its size, big-endian', () => {
    const body = encodeMpubBody([Buffer.from('ab'), Buffer.from('c\nd')]);
    assert.deepEqual(body, Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 0x61, 0x62,
      0, 0, 0, 3, 0x63, 0x0a, 0x64]));
  });
});
