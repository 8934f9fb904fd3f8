/**
 * The OAuth2 authorization server of the GridDuck dialect, at the root paths:
 *   POST /oauth/token        RFC 6749 §4.4 client credentials (the only grant)
 *   POST /oauth/revoke       RFC 7009
 *   POST /oauth/introspect   RFC 7662
 *   GET  /.well-known/oauth-authorization-server   RFC 8414 metadata
 *   GET  /oauth/whoami       who a bearer token acts for (a protected route to try a token on)
 * Every error is an RFC 6749 §5.2 body from this plugin's error handler; nothing here answers 5xx
 * for bad input.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerAuth } from '../api/gridduck/bearer.js';
import { origin } from '../api/gridduck/envelope.js';
import { SCOPES } from '../api/gridduck/principal.js';
import { DomainError } from '../domain/errors.js';
import { authenticateClient, readClientCredentials } from './client-auth.js';
import { introspectToken, issueToken, revokeToken, type TokenDeps } from './access-tokens.js';
import { invalidRequest, noStore, OAuthError, sendOAuthError } from './oauth-error.js';
import { bodyParams, type Params } from './request-params.js';
import { grantScopes, parseScope } from './scope-request.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];
const JSON_TYPE = 'application/json; charset=utf-8';

/** Any error of this plugin's routes as an OAuth error: framework 4xx (body too large, bad JSON…) are invalid_request. */
function toOAuthError(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof DomainError && err.kind === 'bad_request') return new OAuthError('invalid_request', err.message);
  const status = (err as FastifyError | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new OAuthError('invalid_request', (err as Error).message, status);
  return new OAuthError('server_error', 'the authorization server failed to answer; try again');
}

/** The client of a request, authenticated by Basic header or body credentials. */
async function clientOf(deps: TokenDeps, req: FastifyRequest, params: Params) {
  return authenticateClient(deps.store, readClientCredentials(req.headers.authorization, params));
}

function requiredParam(params: Params, name: string): string {
  const v = params.get(name);
  if (v === undefined) throw invalidRequest(`the parameter '${name}' is required`);
  return v;
}

export async function oauthRoutes(app: FastifyInstance, deps: TokenDeps): Promise<void> {
  app.setErrorHandler((err, req, reply: FastifyReply) => {
    const e = toOAuthError(err);
    if (e.status >= 500) req.log.error({ err }, 'OAuth request failed');
    return sendOAuthError(reply, e);
  });

  const doc = (summary: string) => ({ schema: { tags: ['GridDuck OAuth2'], summary, security: [] } });

  app.post('/oauth/token', doc('Access token by client credentials (RFC 6749 §4.4)'), async (req, reply) => {
    const params = bodyParams(req.body);
    const grant = requiredParam(params, 'grant_type');
    if (grant !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', `the grant_type '${grant}' is not supported: use client_credentials`);
    }
    const client = await clientOf(deps, req, params);
    if (!client.grantTypes.includes('client_credentials')) {
      throw new OAuthError('unauthorized_client', 'the application may not use the client_credentials grant');
    }
    const scopes = grantScopes(client.scopes, parseScope(params.get('scope')));
    const body = await issueToken(deps, client, scopes);
    return noStore(reply).type(JSON_TYPE).send(JSON.stringify(body));
  });

  app.post('/oauth/revoke', doc('Revoke a token (RFC 7009)'), async (req, reply) => {
    const params = bodyParams(req.body);
    const client = await clientOf(deps, req, params);
    // token_type_hint is accepted and needs no lookup: access tokens are the only kind there is.
    await revokeToken(deps, client, requiredParam(params, 'token'));
    // {} rather than an empty body: simple-oauth2 insists on a JSON answer.
    return noStore(reply).type(JSON_TYPE).send('{}');
  });

  app.post('/oauth/introspect', doc('Introspect a token (RFC 7662)'), async (req, reply) => {
    const params = bodyParams(req.body);
    const client = await clientOf(deps, req, params);
    const body = await introspectToken(deps, client, requiredParam(params, 'token'));
    return noStore(reply).type(JSON_TYPE).send(JSON.stringify(body));
  });

  app.get('/.well-known/oauth-authorization-server', doc('Authorization server metadata (RFC 8414)'), async (req, reply) => {
    // the issuer as the client reached us: the request's own scheme and host, as list links are
    const issuer = origin(req);
    return reply.type(JSON_TYPE).send(
      JSON.stringify({
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        grant_types_supported: ['client_credentials'],
        // No authorization endpoint: no response types (the member is REQUIRED, so it is empty, not absent).
        response_types_supported: [],
        token_endpoint_auth_methods_supported: AUTH_METHODS,
        revocation_endpoint_auth_methods_supported: AUTH_METHODS,
        introspection_endpoint_auth_methods_supported: AUTH_METHODS,
        scopes_supported: SCOPES,
      }),
    );
  });

  app.get('/oauth/whoami', { ...doc('Whom the bearer token acts for'), preHandler: bearerAuth(deps.store, deps.clock) }, async (req, reply) => {
    const p = req.principal!;
    return reply.type(JSON_TYPE).send(JSON.stringify({ user: { id: p.userUid }, role: p.role, client_id: p.clientId, scope: SCOPES.filter((s) => p.scopes.has(s)).join(' ') }));
  });
}
