import type { FastifyInstance } from 'fastify';

/**
 * Once closing has begun, every answer says `Connection: close`. Otherwise a client whose
 * request was in flight keeps its connection open, and the drain waits for the keep-alive
 * timeout (72 s in Fastify) before the process can stop.
 */
export function installDrainingConnectionClose(app: FastifyInstance): void {
  let draining = false;
  app.addHook('preClose', async () => { draining = true; });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining) void reply.header('connection', 'close');
    return payload;
  });
}
