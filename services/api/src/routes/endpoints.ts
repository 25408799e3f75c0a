import type { FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import { HarborhookError } from '@harborhook/shared/errors';
import type { SignatureScheme } from '@harborhook/shared/delivery/signing';
import { newSigningSecret } from '@harborhook/shared/secrets/endpoint-secrets';
import { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import type { ApiConfig } from '../config.ts';
import {
  errorResponses, idParams, noQuery, pageOf, paginationProperties,
} from '../schemas/common.ts';
import { createEndpointBody, updateEndpointBody } from '../schemas/endpoint.ts';
import { found, resourceId } from '../server/resource-id.ts';
import { rejectBody } from '../server/no-body.ts';
import {
  deleteEndpoint, findEndpoint, insertEndpoint, listEndpoints, updateEndpoint,
  type EndpointInput,
} from '../store/endpoints.ts';
import { checkEndpointHeaders, checkEndpointUrl } from '../validation/endpoint-input.ts';
import {
  checkEndpointDestination, type DestinationPolicy,
} from '../validation/endpoint-destination.ts';
import { rotateKey } from '../store/endpoint-secrets.ts';
import { endpointSecretRoutes } from './endpoint-secrets.ts';

const tags = ['endpoints'];
const config = { scope: SCOPES.manageEndpoints };
const security = [{ bearerAuth: [] }];

async function checkInput(input: Partial<EndpointInput>, destinations: DestinationPolicy):
  Promise<void> {
  // The SSRF guard first, so that any spelling of a refused address gets its own code.
  if (input.url !== undefined) await checkEndpointDestination(input.url, destinations);
  if (input.url !== undefined) checkEndpointUrl(input.url);
  if (input.headers !== undefined) checkEndpointHeaders(input.headers);
}

export function endpointRoutes(app: FastifyInstance, pool: Pool,
  apiConfig: Readonly<ApiConfig>): void {
  const keyring = new SecretKeyring(apiConfig.secretEncryption);
  endpointSecretRoutes(app, pool, keyring, apiConfig);
  app.post<{ Body: Partial<EndpointInput> & { url: string; eventTypes: string[];
    signatureScheme?: SignatureScheme; } }>(
    '/v1/endpoints', {
      config,
      schema: {
        tags, security, summary: 'Register an endpoint; the answer holds its signing secret',
        querystring: noQuery, body: createEndpointBody,
        response: { 201: { $ref: 'CreatedEndpoint#' }, ...errorResponses(400, 413, 415) },
      },
    }, async (request, reply) => {
      const body = request.body;
      await checkInput(body, apiConfig.outbound);
      const key = newSigningSecret(body.signatureScheme ?? 'hmac-sha256');
      const endpoint = await insertEndpoint(tenantDb(pool, request), keyring, tenantOf(request), {
        url: body.url, description: body.description ?? '', eventTypes: body.eventTypes,
        headers: body.headers ?? {}, enabled: body.enabled ?? true,
      }, key);
      // An Ed25519 private key is never shown; the receiver needs only the public key.
      const shown = key.scheme === 'ed25519' ? { publicKey: key.publicKey }
        : { secret: key.secret };
      return await reply.code(201).send({ ...endpoint, ...shown });
    });

  app.get<{ Querystring: { limit: number; cursor?: string } }>('/v1/endpoints', {
    config,
    schema: {
      tags, security, summary: 'List endpoints, oldest first',
      querystring: { type: 'object', additionalProperties: false,
        properties: paginationProperties },
      response: { 200: pageOf('Endpoint'), ...errorResponses(400) },
    },
  }, async (request) => await listEndpoints(tenantDb(pool, request),
    tenantOf(request), request.query.limit,
    request.query.cursor));

  app.get<{ Params: { id: string } }>('/v1/endpoints/:id', {
    config,
    schema: {
      tags, security, summary: 'Read an endpoint', params: idParams, querystring: noQuery,
      response: { 200: { $ref: 'Endpoint#' }, ...errorResponses(400, 404) },
    },
  }, async (request) => found(await findEndpoint(tenantDb(pool, request), tenantOf(request),
    resourceId(request.params.id, 'endpoint')), 'endpoint'));

  app.patch<{ Params: { id: string };
    Body: Partial<EndpointInput> & { signatureScheme?: SignatureScheme } }>('/v1/endpoints/:id', {
    config,
    schema: {
      tags, security, summary: 'Change an endpoint; `headers` replaces all custom headers',
      params: idParams, querystring: noQuery, body: updateEndpointBody,
      response: { 200: { $ref: 'CreatedEndpoint#' }, ...errorResponses(400, 404, 413, 415) },
    },
  }, async (request) => {
    const id = resourceId(request.params.id, 'endpoint');
    // Its answer may hold a new secret, so it needs the same scope as reading one.
    if (request.body.signatureScheme !== undefined
      && request.principal?.scopes.has(SCOPES.endpointSecrets) !== true) {
      throw new HarborhookError('WHK_ERR_AUTH_SCOPE_MISSING',
        `changing signatureScheme needs a token with the scope "${SCOPES.endpointSecrets}"`);
    }
    await checkInput(request.body, apiConfig.outbound);
    const { signatureScheme, ...changes } = request.body;
    const endpoint = found(await updateEndpoint(tenantDb(pool, request),
      tenantOf(request), id, changes),
      'endpoint');
    if (signatureScheme === undefined || signatureScheme === endpoint.signatureScheme) {
      return endpoint;
    }
    // A new scheme is a rotation: the new key signs at once, the old one for the overlap.
    const rotation = found(await rotateKey(tenantDb(pool, request), keyring, tenantOf(request), id,
      apiConfig.secretRotationOverlapMs, signatureScheme), 'endpoint');
    const shown = rotation.key.secret === undefined ? { publicKey: rotation.key.publicKey }
      : { secret: rotation.key.secret };
    return { ...endpoint, signatureScheme, ...shown };
  });

  for (const [action, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post<{ Params: { id: string } }>(`/v1/endpoints/:id/${action}`, {
      config,
      preValidation: rejectBody,
      schema: {
        tags, security, params: idParams, querystring: noQuery,
        summary: enabled ? 'Enable an endpoint' : 'Disable an endpoint: it gets no new deliveries',
        response: { 200: { $ref: 'Endpoint#' }, ...errorResponses(400, 404, 413, 415) },
      },
    }, async (request) => found(await updateEndpoint(tenantDb(pool, request), tenantOf(request),
      resourceId(request.params.id, 'endpoint'), { enabled }), 'endpoint'));
  }

  app.delete<{ Params: { id: string } }>('/v1/endpoints/:id', {
    config,
    preValidation: rejectBody,
    schema: {
      tags, security, summary: 'Delete an endpoint: it disappears and gets no new deliveries',
      params: idParams, querystring: noQuery,
      response: { 204: { type: 'null', description: 'Deleted' },
        ...errorResponses(400, 404, 413, 415) },
    },
  }, async (request, reply) => {
    const id = resourceId(request.params.id, 'endpoint');
    found(await deleteEndpoint(tenantDb(pool, request),
      tenantOf(request), id) ? true : undefined, 'endpoint');
    return await reply.code(204).send();
  });
}
