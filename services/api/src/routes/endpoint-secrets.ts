import type { FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import type { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import type { ApiConfig } from '../config.ts';
import { errorResponses, idParams, noQuery } from '../schemas/common.ts';
import {
  endpointKeysResponse, rotateSecretBody, rotationResponse,
} from '../schemas/endpoint-secret.ts';
import { found, resourceId } from '../server/resource-id.ts';
import { readCurrentKeys, rotateKey } from '../store/endpoint-secrets.ts';

const tags = ['endpoints'];
/** Both answers hold a secret, so neither is allowed by endpoints:manage alone. */
const config = { scope: SCOPES.endpointSecrets };
const security = [{ bearerAuth: [] }];

export function endpointSecretRoutes(app: FastifyInstance, pool: Pool, keyring: SecretKeyring,
  apiConfig: Readonly<ApiConfig>): void {
  app.get<{ Params: { id: string } }>('/v1/endpoints/:id/secret', {
    config,
    schema: {
      tags, security, params: idParams, querystring: noQuery,
      summary: 'Read the keys that sign deliveries to an endpoint (scope endpoints:secrets)',
      response: { 200: endpointKeysResponse, ...errorResponses(400, 404) },
    },
  }, async (request) => ({
    data: found(await readCurrentKeys(tenantDb(pool, request), keyring, tenantOf(request),
      resourceId(request.params.id, 'endpoint')), 'endpoint'),
  }));

  app.post<{ Params: { id: string }; Body: { overlapSeconds?: number } }>(
    '/v1/endpoints/:id/secret/rotate', {
      config,
      // The body is optional: no body means the default overlap.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags, security, params: idParams, querystring: noQuery, body: rotateSecretBody,
        summary: 'Replace the signing key; the old one keeps signing for the overlap',
        response: { 200: rotationResponse, ...errorResponses(400, 404, 413, 415) },
      },
    }, async (request) => {
      const id = resourceId(request.params.id, 'endpoint');
      const overlapMs = request.body.overlapSeconds === undefined
        ? apiConfig.secretRotationOverlapMs : request.body.overlapSeconds * 1000;
      return found(await rotateKey(tenantDb(pool, request),
        keyring, tenantOf(request), id, overlapMs),
        'endpoint');
    });
}
