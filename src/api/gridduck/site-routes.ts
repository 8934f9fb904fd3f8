/**
 * GET /site/, GET /site/{id}, PUT /site/{id} (gridduck-notes §1.6). Sites the caller cannot
 * view are left out of the list and answer 404, as do other organisations' ids.
 * PUT: site:edit scope, a valid body, then an edit role on the site → 204.
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../domain/errors.js';
import type { Query } from '../../lib/query-string.js';
import { callerOf, needRole, visibleLevel } from './access.js';
import { requireScope } from './bearer.js';
import { listBody, pageOf, parsePaging } from './envelope.js';
import type { GdContext } from './gd-context.js';
import { sendGdJson, sendNoContent } from './gd-reply.js';
import { canView } from './permissions.js';
import { docOnly, errorSchema, idParams, listSchema, noContent, one, siteBody, siteListQuery, siteSchema, TAGS } from './schemas.js';
import { parseSiteEdit } from './site-edit.js';
import { siteJson } from './site-json.js';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

export function siteRoutes(app: FastifyInstance, ctx: GdContext): void {
  app.get(
    '/site/',
    { schema: { tags: TAGS, summary: 'List the sites the caller may view', querystring: siteListQuery, response: { 200: listSchema(siteSchema), ...errors } }, validatorCompiler: docOnly, preHandler: [ctx.auth, requireScope('site:view')] },
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const paging = parsePaging(req.query as Query);
      const visible = (await ctx.store.sites.list(caller.orgKey)).map((s) => ({ s, level: caller.level('site', s.key) })).filter((x) => canView(x.level));
      return sendGdJson(reply, listBody(req, paging, visible.length, pageOf(visible, paging).map((x) => siteJson(x.s, caller, x.level))));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/site/:id',
    { schema: { tags: TAGS, summary: 'One site', params: idParams, response: { 200: one(siteSchema), ...errors } }, validatorCompiler: docOnly, preHandler: [ctx.auth, requireScope('site:view')] },
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const site = await ctx.store.sites.get(caller.orgKey, req.params.id);
      if (!site) throw notFound(`unknown site '${req.params.id}'`);
      const level = visibleLevel(caller, 'site', site.key, `site '${req.params.id}'`);
      return sendGdJson(reply, siteJson(site, caller, level));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/site/:id',
    { schema: { tags: TAGS, summary: "Change a site's fields", params: idParams, body: siteBody, response: { ...noContent, ...errors } }, validatorCompiler: docOnly, preHandler: [ctx.auth, requireScope('site:edit')] },
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const patch = parseSiteEdit(req.body);
      const site = await ctx.store.sites.get(caller.orgKey, req.params.id);
      if (!site) throw notFound(`unknown site '${req.params.id}'`);
      visibleLevel(caller, 'site', site.key, `site '${req.params.id}'`);
      needRole(caller, site.key, 'edit', 'change this site');
      if (!(await ctx.store.sites.update(caller.orgKey, site.uid, patch))) throw notFound(`unknown site '${req.params.id}'`);
      return sendNoContent(reply);
    },
  );
}
