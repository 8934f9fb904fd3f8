/**
 * How the GridDuck dialect's resources answer: JSON (`application/json; charset=utf-8`), a
 * `request_id` in every body and as the `X-Request-Id` header, and errors as
 * `{"error":"<code>","message":"...","request_id":"..."}` with the status of their kind
 * (contract §5). Bearer-token failures are bearer.ts's (RFC 6750 `{error, error_description}`
 * with a `WWW-Authenticate: Bearer` challenge), with the same request id.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, STATUS_OF, type ErrorKind } from '../../domain/errors.js';
import { REALM } from '../../oauth/oauth-error.js';
import type { Scope } from './principal.js';

export const GD_JSON = 'application/json; charset=utf-8';

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

/**
 * The token lacks a scope the body asks for (PUT /asset/{id}: snooze vs. other fields). Thrown
 * by route code and answered by bearer.ts's insufficientScope, so that it looks exactly like the
 * route-level requireScope answer (RFC 6750 §3.1: 403, WWW-Authenticate with scope="...").
 */
export class MissingScope extends Error {
  constructor(
    readonly scope: Scope,
    message: string,
  ) {
    super(message);
    this.name = 'MissingScope';
  }
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
  if (err instanceof DomainError) {
    const status = STATUS_OF[err.kind];
    const headers: Record<string, string> = err.kind === 'unauthenticated' ? { 'WWW-Authenticate': `Bearer realm="${REALM}"` } : {};
    return { status, code: CODE_OF[err.kind], message: err.message, headers };
  }
  // Fastify's own errors (a body over the limit, an unparsable body, ...): their 4xx status
  const e = err as { statusCode?: number; message?: string } | null;
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = e.statusCode === 413 ? 'payload_too_large' : e.statusCode === 404 ? 'not_found' : e.statusCode === 415 ? 'unsupported_media_type' : 'bad_request';
    return { status: e.statusCode, code, message: e.message ?? '', headers: {} };
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
