import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Receiver, type ReceiverBehaviour } from '../src/receivers/receiver.ts';

async function post(url: string, body: string | Buffer = '{}'): Promise<Response> {
  return await fetch(url, { method: 'POST', body, redirect: 'manual',
    headers: { 'content-type': 'application/json' } });
}

async function statuses(receiver: Receiver, count: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await post(receiver.url());
    await response.arrayBuffer();
    seen.push(response.status);
  }
  return seen;
}

async function withReceiver(behaviour: ReceiverBehaviour,
  use: (receiver: Receiver) => Promise<void>): Promise<void> {
  const receiver = await Receiver.start(behaviour);
  try {
    await use(receiver);
  } finally {
    await receiver.close();
  }
}

describe('receiver', () => {
  it('records the method, path, headers and exact body bytes of each request', async () => {
    await withReceiver({ kind: 'succeed' }, async (receiver) => {
      const body = Buffer.from('{"b":1,  "a":"\\u00e9 ✓"}\n');
      const response = await post(receiver.url('/hooks/a?x=1'), body);
      assert.equal(response.status, 200);
      const [request] = await receiver.waitForRequests(1);
      assert.equal(request?.method, 'POST');
      assert.equal(request?.path, '/hooks/a?x=1');
      assert.equal(request?.headers['content-type'], 'application/json');
      assert.deepEqual(request?.body, body);
    });
  });

  it('answers 204 when told to succeed with 204', async () => {
    await withReceiver({ kind: 'succeed', status: 204 }, async (receiver) => {
      assert.deepEqual(await statuses(receiver, 2), [204, 204]);
    });
  });

  it('always answers the given status with its Retry-After header', async () => {
    await withReceiver({ kind: 'status', status: 429, retryAfter: '7' }, async (receiver) => {
      const response = await post(receiver.url());
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('retry-after'), '7');
    });
  });

  it('fails the first requests and then succeeds, counting again after a switch', async () => {
    await withReceiver({ kind: 'fail-first', count: 2, status: 503 }, async (receiver) => {
      assert.deepEqual(await statuses(receiver, 3), [503, 503, 200]);
      receiver.setBehaviour({ kind: 'fail-first', count: 1 });
      assert.deepEqual(await statuses(receiver, 2), [500, 200]);
    });
  });

  it('fails the same requests again for the same seed', async () => {
    const behaviour: ReceiverBehaviour = { kind: 'fail-fraction', fraction: 0.5, seed: 42 };
    let first: number[] = [];
    await withReceiver(behaviour, async (receiver) => { first = await statuses(receiver, 20); });
    await withReceiver(behaviour, async (receiver) => {
      assert.deepEqual(await statuses(receiver, 20), first);
    });
    assert.ok(first.includes(500) && first.includes(200), `mixed outcomes: ${first.join(',')}`);
  });

  it('never answers a hanging request until it closes', async () => {
    const receiver = await Receiver.start({ kind: 'hang' });
    const pending = post(receiver.url()).then(() => 'answered', () => 'failed');
    await receiver.waitForRequests(1);
    await receiver.close();
    assert.equal(await pending, 'failed');
  });

  it('answers a slow request after its delay', async () => {
    await withReceiver({ kind: 'slow', delayMs: 20, status: 202 }, async (receiver) => {
      assert.deepEqual(await statuses(receiver, 1), [202]);
    });
  });

  it('resets the connection without answering', async () => {
    await withReceiver({ kind: 'reset' }, async (receiver) => {
      await assert.rejects(post(receiver.url()));
      assert.equal(receiver.requests.length, 1);
    });
  });

  it('redirects with a Location header', async () => {
    await withReceiver({ kind: 'redirect', location: 'http://127.0.0.1:9/elsewhere' },
      async (receiver) => {
        const response = await post(receiver.url());
        assert.equal(response.status, 302);
        assert.equal(response.headers.get('location'), 'http://127.0.0.1:9/elsewhere');
      });
  });

  it('answers with a body of the requested size', async () => {
    await withReceiver({ kind: 'huge-body', bytes: 300_000 }, async (receiver) => {
      const response = await post(receiver.url());
      assert.equal((await response.arrayBuffer()).byteLength, 300_000);
    });
  });
});
