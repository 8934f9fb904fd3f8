/**
 * How the GridDuck dialect answers: JSON (`application/json; charset=utf-8`), a `request_id` in
 * every body and as the `X-Request-Id` header, and errors as
 * `{"error":"<code>","message":"...","request_id":"..."}` with the status of their kind
 * (contract §5). Bearer-token failures carry RFC 6750's `WWW-Authenticate: Bearer` challenge.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, STATUS_OF, type ErrorKind } from '../../domain/errors.js';

export const GD_JSON = 'application/json; charset=utf-8';
export const REALM = 'GridGrove';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the GridDuck dialect's first hook; also sent as X-Request-Id */
    gdRequestId?: string;
  }
}

/** Gives the request its id and the reply its X-Request-Id header (first hook of the dialect). */
export function assignRequestId(req: FastifyRequest, reply: FastifyReply): void {
  req.gdRequestId ??= randomUUID();
  void reply.header('X-Request-Id', req.gdRequestId);
}

export function requestIdOf(req: FastifyRequest): string {
  return (req.gdRequestId ??= randomUUID());
}

/** An error with a GridDuck code and status of its own (not one of the DomainError kinds). */
export class GdError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GdError';
  }
}

/** RFC 6750 §3.1: the token is fine, its scope is not enough (403). */
export function insufficientScope(scope: string, what: string): GdError {
  return new GdError(403, 'insufficient_scope', `cannot ${what}: the access token lacks the '${scope}' scope`, {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
  });
}

const CODE_OF: Record<ErrorKind, string> = {
  bad_request: 'bad_request',
  unauthenticated: 'invalid_token',
  forbidden: 'forbidden',
  not_found: 'not_found',
  conflict: 'conflict',
  too_large: 'payload_too_large',
  rate_limited: 'rate_limited',
};

export interface GdErrorReply {
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

/** Maps anything thrown in the dialect to its reply; never a 5xx for a DomainError or bad input. */
export function toGdError(err: unknown): GdErrorReply {
  if (err instanceof GdError) return { status: err.status, code: err.code, message: err.message, headers: err.headers };
  if (err instanceof DomainError) {
    const status = STATUS_OF[err.kind];
    const headers: Record<string, string> = err.kind === 'unauthenticated' ? { 'WWW-Authenticate': `Bearer realm="${REALM}"` } : {};
    return { status, code: CODE_OF[err.kind], message: err.message, headers };
  }
  const e = err as { statusCode?: number; message?: string; code?: string; error?: unknown; headers?: unknown } | null;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = typeof e.error === 'string' && /^[a-z_]+$/.test(e.error) ? e.error : e.statusCode === 413 ? 'payload_too_large' : e.statusCode === 404 ? 'not_found' : 'bad_request';
    const headers = e.headers && typeof e.headers === 'object' ? (e.headers as Record<string, string>) : {};
    return { status: e.statusCode, code, message: e.message ?? '', headers };
  }
  return { status: 500, code: 'internal_error', message: 'internal error', headers: {} };
}

export function sendGdJson(reply: FastifyReply, body: Record<string, unknown>, status = 200): FastifyReply {
  return reply.code(status).type(GD_JSON).send(JSON.stringify({ ...body, request_id: requestIdOf(reply.request) }));
}

export function sendGdError(reply: FastifyReply, e: GdErrorReply): FastifyReply {
  for (const [k, v] of Object.entries(e.headers)) void reply.header(k, v);
  return reply
    .code(e.status)
    .type(GD_JSON)
    .send(JSON.stringify({ error: e.code, message: e.message || `request failed with status ${e.status}`, request_id: requestIdOf(reply.request) }));
}

/** 204: what GridDuck answers a successful PUT with. */
export function sendNoContent(reply: FastifyReply): FastifyReply {
  return reply.code(204).send();
}
