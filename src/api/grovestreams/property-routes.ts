/**
 * GET/POST /api/comp/{compId}/property: a component's name and description, in the seed's
 * shapes: GET answers [{"message":"","component":{...},"success":true}] with the properties
 * asked for by flag (both when none is named); POST takes [{"component":{"name","description"}}].
 */
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../../domain/errors.js';
import { flag, type Query } from '../../lib/query-string.js';
import { callerOf, componentOr404, type GsContext } from './context.js';
import { requireRight } from './gs-auth.js';
import { sendJson } from './gs-reply.js';

const PROPS = ['name', 'description'] as const;
type Prop = (typeof PROPS)[number];

function answer(comp: { name: string; description: string }, props: readonly Prop[]) {
  const component: Partial<Record<Prop, string>> = {};
  for (const p of props) component[p] = comp[p];
  return [{ message: '', component, success: true }];
}

export function propertyRoutes(app: FastifyInstance, ctx: GsContext): void {
  app.get<{ Params: { compId: string } }>(
    '/comp/:compId/property',
    { schema: { tags: ['GroveStreams'], summary: "A component's name and/or description (flags name, description)" } },
    async (req, reply) => {
      const caller = callerOf(req);
      const comp = await componentOr404(ctx, caller.org.key, req.params.compId);
      requireRight(caller, ['component', comp.id], 'GET', comp.uid);
      const q = req.query as Query;
      const asked = PROPS.filter((p) => flag(q, p));
      return sendJson(reply, answer(comp, asked.length > 0 ? asked : PROPS));
    },
  );

  app.post<{ Params: { compId: string } }>(
    '/comp/:compId/property',
    { schema: { tags: ['GroveStreams'], summary: "Set a component's name and/or description", body: { type: 'array', items: { type: 'object' } } } },
    async (req, reply) => {
      const caller = callerOf(req);
      const comp = await componentOr404(ctx, caller.org.key, req.params.compId);
      requireRight(caller, ['component', comp.id], 'POST', comp.uid);
      const body = Array.isArray(req.body) ? req.body : [req.body];
      const changes: Partial<Record<Prop, string>> = {};
      for (const el of body) {
        const c = (el as { component?: unknown } | null)?.component;
        if (typeof c !== 'object' || c === null) throw badRequest('expected a body like [{"component":{"name":"..."}}]');
        for (const [k, v] of Object.entries(c)) {
          if (!(PROPS as readonly string[]).includes(k)) throw badRequest(`unknown component property '${k}' (name, description)`);
          if (typeof v !== 'string') throw badRequest(`component property '${k}' must be text`);
          if (k === 'name' && v.trim() === '') throw badRequest('a component name cannot be empty');
          changes[k as Prop] = v;
        }
      }
      const updated = await ctx.store.components.update(caller.org.key, comp.uid, changes);
      ctx.ingest.cache.forget(caller.org.key, comp.id);
      return sendJson(reply, answer(updated!, Object.keys(changes).length > 0 ? (Object.keys(changes) as Prop[]) : PROPS));
    },
  );
}
