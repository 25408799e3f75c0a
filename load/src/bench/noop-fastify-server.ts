import Fastify from 'fastify';

/**
 * The Fastify ceiling's server, run as its own process by fastify-ceiling.ts: a handler that
 * does nothing but answer `POST /v1/events` with 202, as the api does, after Fastify has
 * parsed the JSON body. Listens on 127.0.0.1 on a free port and prints the port.
 */
const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
app.post('/v1/events', async (_request, reply) => {
  await reply.code(202).send({ deliveryCount: 0 });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${typeof address === 'object' && address !== null ? address.port : 0}\n`);
process.once('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
