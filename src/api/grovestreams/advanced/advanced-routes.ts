/**
 * The part of the GroveStreams advanced API that manages what the simple API refers to:
 * components (with their streams), component templates, units, folders (notes §4).
 */
import type { FastifyInstance } from 'fastify';
import type { GsContext } from '../context.js';

export function advancedRoutes(_app: FastifyInstance, _ctx: GsContext): void {
  // filled in by components-routes.ts, templates-routes.ts, units-routes.ts, folders-routes.ts
}
