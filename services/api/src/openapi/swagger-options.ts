import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The OpenAPI frame around the route schemas: info, the bearer scheme and shared schemas. */
export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Harborhook API',
      version: '1',
      description: 'Publish events, manage endpoints, read deliveries and replay dead letters. '
        + 'Every /v1 route needs a bearer token (RS256 or ES256 JWT) with the scope it names. '
        + 'Every error answer is an ErrorBody with a stable code (see docs/errors.md).',
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT carrying the tenant claim (tenant_id) and the scope claim',
        },
      },
    },
    tags: [
      { name: 'events', description: 'Publish and read events' },
      { name: 'endpoints', description: 'Where events are delivered (scope endpoints:manage)' },
      { name: 'deliveries', description: 'Delivery state and attempts (scope deliveries:read)' },
      { name: 'dead letters', description: 'Dead deliveries and their replay' },
      { name: 'health', description: 'Probes; no token needed' },
    ],
  },
  refResolver: {
    buildLocalReference(json, _baseUri, _fragment, i) {
      return typeof json.$id === 'string' ? json.$id : `def-${i}`;
    },
  },
};
