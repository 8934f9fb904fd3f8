/**
 * Bearer-token protection of GridDuck routes (RFC 6750). Use:
 *
 *   app.addHook('preHandler', bearerAuth(store, clock));          // every route of a plugin, or
 *   app.get('/asset/', { preHandler: [bearerAuth(store, clock), requireScope('asset:view')] }, …)
 *
 * bearerAuth sets `request.principal` or answers the RFC 6750 §3 error itself; requireScope
 * answers 403 insufficient_scope. When the needed scope depends on the body (PUT /asset/{id}:
 * snooze vs. other fields), the handler calls access.ts's needScope, whose MissingScope
 * gd-plugin.ts's error handler answers with insufficientScope and the MissingScope's message.
 *
 * The token is taken from the Authorization header only (scheme case-insensitive, with or
 * without a space after the colon). A token in the query string or a form body is refused with
 * invalid_request rather than ignored, so that a client sending one learns why it fails.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import { checkAccessToken } from '../../oauth/access-tokens.js';
import { REALM, safeDescription, splitAuthorization } from '../../oauth/oauth-error.js';
import type { Store } from '../../storage/store.js';
import type {} from './gd-reply.js'; // FastifyRequest.gdRequestId
import type { Principal, Scope } from './principal.js';

export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** A Fastify preHandler (async: it returns the reply when it answered, so the route never runs). */
export type BearerHook = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

const STATUS: Record<BearerErrorCode, number> = { invalid_request: 400, invalid_token: 401, insufficient_scope: 403 };

/** RFC 6750 §2.1 b64token. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Answers an RFC 6750 §3 error: the challenge in WWW-Authenticate and `{error, error_description}`
 * as the body. `code` undefined = the request carried no bearer credentials at all, which the
 * RFC answers with a bare challenge (no error code in the header).
 */
export function sendBearerError(reply: FastifyReply, code: BearerErrorCode | undefined, description: string, scope?: Scope): FastifyReply {
  const text = safeDescription(description);
  const params = [`realm="${REALM}"`];
  if (code) params.push(`error="${code}"`, `error_description="${text}"`);
  if (scope) params.push(`scope="${scope}"`);
  return reply
    .code(code ? STATUS[code] : 401)
    .header('WWW-Authenticate', `Bearer ${params.join(', ')}`)
    .type('application/json; charset=utf-8')
    // the GridDuck dialect's request id (gd-reply.ts) when the request has one; none on /oauth/whoami
    .send(JSON.stringify({ error: code ?? 'unauthorized', error_description: text, request_id: reply.request.gdRequestId }));
}

/** 403 insufficient_scope naming the scope that would have allowed the request. */
export function insufficientScope(reply: FastifyReply, scope: Scope, description = `This request needs the scope ${scope}`): FastifyReply {
  return sendBearerError(reply, 'insufficient_scope', description, scope);
}

/** True when the principal's token allows `scope` (implied scopes included). */
export function hasScope(principal: Principal | undefined, scope: Scope): boolean {
  return principal?.scopes.has(scope) ?? false;
}

function tokenElsewhere(req: FastifyRequest): boolean {
  const query = req.query as Record<string, unknown> | undefined;
  if (query && typeof query === 'object' && Object.hasOwn(query, 'access_token')) return true;
  const form = /^application\/x-www-form-urlencoded/i.test(String(req.headers['content-type'] ?? ''));
  const body = req.body as Record<string, unknown> | undefined;
  return form && !!body && typeof body === 'object' && Object.hasOwn(body, 'access_token');
}

/** Verifies the bearer token and sets request.principal (the whole of Principal; see principal.ts). */
export function bearerAuth(store: Store, clock: Clock = systemClock): BearerHook {
  return async (req, reply) => {
    const header = req.headers.authorization?.trim() ?? '';
    if (tokenElsewhere(req)) {
      return sendBearerError(reply, 'invalid_request', 'Send the access token in the Authorization header (Bearer); tokens in the query string or body are not accepted');
    }
    const { scheme, rest } = splitAuthorization(header);
    if (scheme.toLowerCase() !== 'bearer') {
      // no credentials, or another scheme (Basic, an api_key…): RFC 6750 §3 says no error code
      return sendBearerError(reply, undefined, 'This resource needs an OAuth2 access token: send Authorization: Bearer <token> (POST /oauth/token issues one)');
    }
    const token = rest.trim();
    if (!B64TOKEN.test(token)) return sendBearerError(reply, 'invalid_request', 'The Bearer credentials are empty or malformed');
    const check = await checkAccessToken({ store, clock }, token);
    if (!check.active) return sendBearerError(reply, 'invalid_token', check.reason);
    req.principal = check.principal;
    return undefined;
  };
}

/** After bearerAuth: lets the request through only when its token allows `scope`. */
export function requireScope(scope: Scope): BearerHook {
  return async (req, reply) => {
    if (!req.principal) {
      // bearerAuth did not run before this hook: fail closed rather than serve unauthenticated
      return sendBearerError(reply, undefined, 'This resource needs an OAuth2 access token');
    }
    if (!hasScope(req.principal, scope)) return insufficientScope(reply, scope);
    return undefined;
  };
}
