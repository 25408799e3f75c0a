import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HarborhookError } from '@harborhook/shared/errors';
import type { Principal, Scope } from './scopes.ts';
import type { TokenVerifier } from './token-verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The scope a token needs for this route; every authenticated route names one. */
    scope?: Scope;
  }
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

function bearerToken(header: string | undefined): string {
  if (header === undefined || header.trim() === '') {
    throw new HarborhookError('WHK_ERR_AUTH_TOKEN_MISSING',
      'send a token in the Authorization header: "Bearer <token>"');
  }
  const match = BEARER.exec(header);
  if (match?.[1] === undefined) {
    throw new HarborhookError('WHK_ERR_AUTH_TOKEN_MISSING',
      'the Authorization header must be "Bearer <token>"');
  }
  return match[1];
}

/**
 * Verifies the bearer token before anything else happens to the request (the body is not even
 * read yet), and checks the route's scope. The tenant comes from the token and nowhere else.
 */
export function installAuthentication(app: FastifyInstance, verifier: TokenVerifier): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (route.config?.scope === undefined) {
      throw new Error(`route ${route.method} ${route.url} names no scope`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const principal = await verifier.verify(bearerToken(request.headers.authorization));
    const scope = request.routeOptions.config.scope;
    if (scope === undefined || !principal.scopes.has(scope)) {
      throw new HarborhookError('WHK_ERR_AUTH_SCOPE_MISSING',
        `this request needs a token with the scope "${scope ?? 'unknown'}"`);
    }
    request.principal = principal;
  });
}

/** The tenant of an authenticated request. */
export function tenantOf(request: FastifyRequest): string {
  if (request.principal === null) throw new Error('request was not authenticated');
  return request.principal.tenantId;
}
