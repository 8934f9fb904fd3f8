/**
 * GET /site/, GET /site/{id}, PUT /site/{id} (gridduck-notes §1.6). Sites the caller cannot
 * view are left out of the list and answer 404, as do other organisations' ids.
 * PUT: site:edit scope, a valid body, then an edit role on the site → 204.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../domain/errors.js';
import type { Query } from '../../lib/query-string.js';
import { callerOf, needRole, visibleSite } from './access.js';
import { listBody, pageOf, parsePaging } from './envelope.js';
import { gdRoute, type GdContext } from './gd-context.js';
import { sendGdJson, sendNoContent } from './gd-reply.js';
import { canView } from './permissions.js';
import { idParams, listSchema, noContent, one, siteBody, siteListQuery, siteSchema } from './schemas.js';
import { parseSiteEdit } from './site-edit.js';
import { siteJson } from './site-json.js';

export function siteRoutes(app: FastifyInstance, ctx: GdContext): void {
  app.get(
    '/site/',
    gdRoute(ctx, 'site:view', 'List the sites the caller may view', { querystring: siteListQuery, response: { 200: listSchema(siteSchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const paging = parsePaging(req.query as Query);
      const visible = (await ctx.store.sites.list(caller.orgKey)).map((s) => ({ s, level: caller.level('site', s.key) })).filter((x) => canView(x.level));
      return sendGdJson(reply, listBody(req, paging, visible.length, pageOf(visible, paging).map((x) => siteJson(x.s, caller, x.level))));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/site/:id',
    gdRoute(ctx, 'site:view', 'One site', { params: idParams, response: { 200: one(siteSchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const { site, level } = await visibleSite(ctx.store, caller, req.params.id);
      return sendGdJson(reply, siteJson(site, caller, level));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/site/:id',
    gdRoute(ctx, 'site:edit', "Change a site's fields", { params: idParams, body: siteBody, response: noContent }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const patch = parseSiteEdit(req.body);
      const { site } = await visibleSite(ctx.store, caller, req.params.id);
      needRole(caller, site.key, 'edit', 'change this site');
      if (!(await ctx.store.sites.update(caller.orgKey, site.uid, patch))) throw notFound(`unknown site '${req.params.id}'`);
      return sendNoContent(reply);
    },
  );
}
