import assert from 'node:assert/strict';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { parseNetwork, type IpNetwork } from '@harborhook/shared/net/ip-network';
import { classifyRequestError } from '../src/http/classify-error.ts';
import {
  guardedConnector, guardedLookup, OutboundBlockedError,
} from '../src/http/outbound-guard.ts';

const LOOPBACK = ['127.0.0.0/8', '::1/128'].map((text) => parseNetwork(text) as IpNetwork);

type Looked = { err: Error | null; address: string | LookupAddress[]; family?: number };

async function look(allowed: readonly IpNetwork[], options: LookupOptions): Promise<Looked> {
  return await new Promise((resolve) => {
    guardedLookup(allowed)('localhost', options,
      (err, address, family) => resolve({ err, address, family }));
  });
}

describe('the outbound guard', () => {
  it('refuses localhost when loopback is not allowed, in both lookup shapes', async () => {
    for (const options of [{ all: true }, {}] as LookupOptions[]) {
      const { err } = await look([], options);
      assert.ok(err instanceof OutboundBlockedError);
      assert.equal(err.addressClass, 'loopback');
      assert.equal(classifyRequestError(err, false), 'ssrf_blocked');
    }
  });

  it('answers with the checked addresses when loopback is allowed', async () => {
    const all = await look(LOOPBACK, { all: true });
    assert.equal(all.err, null);
    assert.ok(Array.isArray(all.address) && all.address.length > 0);
    const one = await look(LOOPBACK, { family: 4 });
    assert.deepEqual([one.err, one.address, one.family], [null, '127.0.0.1', 4]);
  });

  it('refuses IP literals before connecting, whatever their spelling in the URL', async () => {
    const agent = new Agent({ connect: guardedConnector([], { timeout: 1_000 }) });
    try {
      // Only addresses of this machine: should the guard fail, nothing leaves it.
      for (const url of ['http://127.0.0.1:9/', 'http://[::1]:9/', 'http://2130706433:9/',
        'http://0177.0.0.1:9/', 'http://127.1:9/', 'http://[::ffff:7f00:1]:9/',
        'http://0.0.0.0:9/', 'http://[::]:9/', 'https://127.0.0.2:9/']) {
        const err: unknown = await request(url, { dispatcher: agent }).then(
          () => undefined, (error: unknown) => error);
        assert.ok(err instanceof OutboundBlockedError, url);
        assert.equal(classifyRequestError(err, false), 'ssrf_blocked', url);
      }
    } finally {
      await agent.close();
    }
  });
});
