/**
 * How the GroveStreams dialect answers: compact JSON with `Content-Type: application/json`
 * exactly (no charset: some firmware compares the header text), and errors as
 * {"success":false,"message":"..."} with the status of the error's kind (contract §5).
 */
import type { FastifyReply } from 'fastify';
import { DomainError, STATUS_OF } from '../../domain/errors.js';

export const GS_JSON = 'application/json';

export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(GS_JSON).send(JSON.stringify(body));
}

/** A 200 whose body is JSON text already (e.g. SampleJsonWriter's). */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.code(200).type(GS_JSON).send(json);
}

/** 200 with an empty body, still typed JSON: what feed PUT devices expect on success. */
export function sendEmpty(reply: FastifyReply): FastifyReply {
  return reply.code(200).type(GS_JSON).send('');
}

export function gsError(status: number, message: string): { success: false; message: string } {
  return { success: false, message: message || `request failed with status ${status}` };
}

/** Maps anything thrown in the dialect to (status, body); never a 5xx for a DomainError. */
export function toGsError(err: unknown): { status: number; body: { success: false; message: string } } {
  if (err instanceof DomainError) return { status: STATUS_OF[err.kind], body: gsError(STATUS_OF[err.kind], err.message) };
  const e = err as { statusCode?: number; message?: string; code?: string; validation?: unknown };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: gsError(e.statusCode, e.message ?? '') };
  }
  return { status: 500, body: gsError(500, 'internal error') };
}
