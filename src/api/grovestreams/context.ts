/**
 * What every GroveStreams route gets: the store, the write path, the caller lookup, the clock
 * and config. Passed explicitly to each route module (no singletons).
 */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { notFound } from '../../domain/errors.js';
import type { Component } from '../../domain/model.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../storage/store.js';
import { createGsAuth, type GsCaller } from './gs-auth.js';

export interface GsContext {
  store: Store;
  ingest: Ingest;
  clock: Clock;
  config: Config;
  auth: ReturnType<typeof createGsAuth>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the GroveStreams dialect's auth hook */
    gs?: GsCaller;
  }
}

export function callerOf(req: FastifyRequest): GsCaller {
  if (!req.gs) throw new Error('GroveStreams route reached without its auth hook');
  return req.gs;
}

/** A component of the caller's org by id, or 404 (also for other tenants' components). */
export async function componentOr404(ctx: GsContext, orgKey: number, compId: string): Promise<Component> {
  const c = await ctx.store.components.get(orgKey, compId);
  if (!c) throw notFound(`unknown component '${compId}'`);
  return c;
}
