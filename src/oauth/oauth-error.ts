/**
 * OAuth2 error responses of the authorization server endpoints (RFC 6749 §5.2, RFC 7009 §2.2.1):
 * `{error, error_description}` JSON, never cached, and for `invalid_client` a 401 with a Basic
 * challenge (RFC 6749 §5.2: MUST when the client tried the Authorization header; HTTP requires a
 * challenge on every 401, so it is always sent).
 */
import type { FastifyReply } from 'fastify';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type'
  | 'server_error';

/** The realm of both challenges (Basic at the token endpoint, Bearer on resources). */
export const REALM = 'GridGrove';

/**
 * An Authorization header's auth-scheme and what follows it (RFC 9110 §11.6.2), for the Basic
 * challenge here and the Bearer one of the GridDuck routes alike: the scheme is the first run of
 * non-space characters (compare it case-insensitively), `rest` everything after the whitespace
 * that ends it, '' for either when absent. Expects the header already trimmed.
 */
export function splitAuthorization(header: string): { scheme: string; rest: string } {
  const [, scheme = '', rest = ''] = /^(\S+)(?:\s+(.*))?$/s.exec(header) ?? [];
  return { scheme, rest };
}

export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly code: OAuthErrorCode,
    description: string,
    status?: number,
  ) {
    super(description);
    this.name = 'OAuthError';
    this.status = status ?? (code === 'invalid_client' ? 401 : code === 'server_error' ? 500 : 400);
  }
}

export const invalidRequest = (description: string) => new OAuthError('invalid_request', description);
export const invalidClient = (description: string) => new OAuthError('invalid_client', description);

/**
 * error_description may only hold %x20-21 / %x23-5B / %x5D-7E (RFC 6749 §5.2), and it is also
 * quoted inside WWW-Authenticate: anything else (quotes, backslashes, non-ASCII, controls from an
 * echoed parameter) becomes a safe stand-in.
 */
export function safeDescription(text: string): string {
  return text.replace(/"/g, "'").replace(/\\/g, '/').replace(/[^\x20-\x7e]/g, '?');
}

/** Responses carrying tokens or token state must not be cached (RFC 6749 §5.1, RFC 7662 §2.2). */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
}

export function sendOAuthError(reply: FastifyReply, e: OAuthError): FastifyReply {
  noStore(reply).code(e.status).type('application/json; charset=utf-8');
  if (e.status === 401) reply.header('WWW-Authenticate', `Basic realm="${REALM}"`);
  return reply.send(JSON.stringify({ error: e.code, error_description: safeDescription(e.message) }));
}
