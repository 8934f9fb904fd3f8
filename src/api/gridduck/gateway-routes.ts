/**
 * GET /gateway/ (filter site_id) and GET /gateway/{id}. A gateway is seen with the role on
 * its site (gateway:* scopes cap it); gateways the caller cannot view are left out and 404.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../domain/errors.js';
import { one as oneParam, type Query } from '../../lib/query-string.js';
import { callerOf, visibleLevel } from './access.js';
import { listBody, pageOf, parsePaging } from './envelope.js';
import { gatewayJson } from './gateway-json.js';
import { gdRoute, type GdContext } from './gd-context.js';
import { sendGdJson } from './gd-reply.js';
import { canView } from './permissions.js';
import { siteByKey } from './relatives.js';
import { gatewayListQuery, gatewaySchema, idParams, listSchema, one } from './schemas.js';

export function gatewayRoutes(app: FastifyInstance, ctx: GdContext): void {
  app.get(
    '/gateway/',
    gdRoute(ctx, 'gateway:view', 'List the gateways (hubs) the caller may view', { querystring: gatewayListQuery, response: { 200: listSchema(gatewaySchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const q = req.query as Query;
      const paging = parsePaging(q);
      const siteId = oneParam(q, 'site_id');
      const sites = new Map((await ctx.store.sites.list(caller.orgKey)).map((s) => [s.key, s]));
      const now = ctx.clock.now();
      const visible = (await ctx.store.gateways.list(caller.orgKey))
        // an unknown site_id simply matches nothing
        .filter((g) => siteId === undefined || (g.siteKey !== null && sites.get(g.siteKey)?.uid === siteId))
        .map((g) => ({ g, level: caller.level('gateway', g.siteKey) }))
        .filter((x) => canView(x.level));
      const results = pageOf(visible, paging).map((x) => gatewayJson(x.g, x.g.siteKey === null ? undefined : sites.get(x.g.siteKey), x.level, now));
      return sendGdJson(reply, listBody(req, paging, visible.length, results));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/gateway/:id',
    gdRoute(ctx, 'gateway:view', 'One gateway (hub)', { params: idParams, response: { 200: one(gatewaySchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const g = await ctx.store.gateways.get(caller.orgKey, req.params.id);
      if (!g) throw notFound(`unknown gateway '${req.params.id}'`);
      const level = visibleLevel(caller, 'gateway', g.siteKey, `gateway '${req.params.id}'`);
      return sendGdJson(reply, gatewayJson(g, await siteByKey(ctx.store, caller.orgKey, g.siteKey), level, ctx.clock.now()));
    },
  );
}
