/**
 * GridDuck's list envelope: `{pagination:{offset,limit,total}, links:{next,prev}, results,
 * request_id}` with `offset`/`limit` query parameters (gridduck-notes §1.3.3).
 *
 * - `limit` defaults to 25 (GridDuck's example) and is capped at MAX_LIMIT: a larger one is
 *   answered with MAX_LIMIT, which `pagination.limit` and the links then show.
 * - `next` is null on the last page (GridDuck's example has a `next` past the end; we do not
 *   copy that quirk: a "follow next until null" client would fetch an empty page), `prev` is
 *   null on the first page.
 * - Links are absolute, on the request's own scheme and host, with the request's path and its
 *   other query parameters (filters) kept. Scheme and host come from Fastify's request.protocol
 *   and request.host: the connection's scheme and the Host header. X-Forwarded-Proto/-Host are
 *   NOT honoured, because the server has no trustProxy setting and any client could set them; a
 *   deployment behind a TLS proxy that wants https links enables Fastify's trustProxy, which
 *   these two properties then follow.
 */
import type { FastifyRequest } from 'fastify';
import { badRequest } from '../../domain/errors.js';
import { all, one, type Query } from '../../lib/query-string.js';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 1000;

export interface Paging {
  offset: number;
  limit: number;
}

const WHOLE = /^\d{1,15}$/;

export function parsePaging(q: Query): Paging {
  const o = one(q, 'offset');
  const l = one(q, 'limit');
  if (o !== undefined && !WHOLE.test(o.trim())) throw badRequest(`offset must be a whole number of 0 or more, got '${o}'`);
  if (l !== undefined && (!WHOLE.test(l.trim()) || Number(l) < 1)) throw badRequest(`limit must be a whole number of 1 or more, got '${l}'`);
  return { offset: o === undefined ? 0 : Number(o), limit: l === undefined ? DEFAULT_LIMIT : Math.min(Number(l), MAX_LIMIT) };
}

/** The slice of an in-memory list a page asks for. */
export const pageOf = <T>(xs: readonly T[], p: Paging): T[] => xs.slice(p.offset, p.offset + p.limit);

/** The request's own scheme://host (see the module comment for why no X-Forwarded-*). */
export function origin(req: FastifyRequest): string {
  const host = req.host || `${req.socket.localAddress ?? 'localhost'}:${req.socket.localPort ?? ''}`;
  return `${req.protocol}://${host}`;
}

function pageLink(req: FastifyRequest, q: Query, offset: number, limit: number): string {
  const params = new URLSearchParams();
  for (const k of Object.keys(q)) {
    if (k === 'offset' || k === 'limit') continue;
    for (const x of all(q, k)) params.append(k, x);
  }
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  const path = req.url.split('?')[0]!;
  return `${origin(req)}${path}?${params.toString()}`;
}

export function listBody(req: FastifyRequest, p: Paging, total: number, results: unknown[]): Record<string, unknown> {
  const q = req.query as Query;
  return {
    pagination: { offset: p.offset, limit: p.limit, total },
    links: {
      next: p.offset + p.limit < total ? pageLink(req, q, p.offset + p.limit, p.limit) : null,
      prev: p.offset > 0 ? pageLink(req, q, Math.max(0, p.offset - p.limit), p.limit) : null,
    },
    results,
  };
}
