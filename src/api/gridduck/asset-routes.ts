/**
 * GET /asset/ (filters site_id, gateway_id), GET /asset/{id}, PUT /asset/{id}. Every component
 * of the organisation is an asset; those the caller cannot view are left out and answer 404.
 *
 * PUT checks, in order: the body (400) → the scopes its fields need (403 insufficient_scope:
 * asset:boost_snooze for snooze_finish / boost_finish, asset:edit for anything else) → the
 * asset is visible (404) → the role on its site (403) → references and controllability (400;
 * moving an asset needs an edit role on the target site too) → the change → 204.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, notFound } from '../../domain/errors.js';
import type { Asset, Gateway, Site } from '../../domain/gridduck-model.js';
import { one as oneParam, type Query } from '../../lib/query-string.js';
import type { AssetMetaPatch } from '../../storage/store.js';
import { callerOf, needRole, needScope, visibleAsset, type GdCaller } from './access.js';
import { parseAssetEdit, type AssetEdit } from './asset-edit.js';
import { assetJson } from './asset-json.js';
import { listBody, parsePaging } from './envelope.js';
import { gdRoute, type GdContext } from './gd-context.js';
import { sendGdJson, sendNoContent } from './gd-reply.js';
import { canView } from './permissions.js';
import { gatewayByKey, siteByKey } from './relatives.js';
import { assetBody, assetListQuery, assetSchema, idParams, listSchema, noContent, one } from './schemas.js';

function render(a: Asset, caller: GdCaller, site: Site | undefined, gateway: Gateway | undefined, now: number, level = caller.level('asset', a.meta.siteKey)) {
  return assetJson(a, { site, gateway, caller, level, now });
}

/** Turns the uids of an edit into keys, checking the caller may use each target. */
async function resolveRefs(ctx: GdContext, caller: GdCaller, edit: AssetEdit): Promise<AssetMetaPatch> {
  const patch: AssetMetaPatch = { ...edit.patch };
  if (edit.siteId !== undefined) {
    const site = edit.siteId === null ? null : await ctx.store.sites.get(caller.orgKey, edit.siteId);
    if (site === undefined || (site && !canView(caller.level('asset', site.key)))) throw badRequest(`site_id: unknown site '${edit.siteId}'`);
    needRole(caller, site?.key ?? null, 'edit', site ? 'move an asset to that site' : 'take an asset off its site');
    patch.siteKey = site?.key ?? null;
  }
  if (edit.gatewayId !== undefined) {
    const g = edit.gatewayId === null ? null : await ctx.store.gateways.get(caller.orgKey, edit.gatewayId);
    if (g === undefined || (g && !canView(caller.role(g.siteKey)))) throw badRequest(`gateway_id: unknown gateway '${edit.gatewayId}'`);
    patch.gatewayKey = g?.key ?? null;
  }
  if (edit.parentId !== undefined) {
    const p = edit.parentId === null ? null : await ctx.store.assets.get(caller.orgKey, edit.parentId);
    if (p === undefined || (p && !canView(caller.level('asset', p.meta.siteKey)))) throw badRequest(`parent_asset: unknown asset '${edit.parentId}'`);
    patch.parentKey = p?.component.key ?? null;
  }
  return patch;
}

export function assetRoutes(app: FastifyInstance, ctx: GdContext): void {
  app.get(
    '/asset/',
    gdRoute(ctx, 'asset:view', 'List the assets the caller may view', { querystring: assetListQuery, response: { 200: listSchema(assetSchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const q = req.query as Query;
      const paging = parsePaging(q);
      // the org's sites and gateways (an org has few): for the filters and the assets' JSON
      const [sites, gateways] = await Promise.all([ctx.store.sites.list(caller.orgKey), ctx.store.gateways.list(caller.orgKey)]);
      // visibility is per site: the sites whose assets the caller may view, and whether those on no site
      let siteKeys = sites.filter((s) => canView(caller.level('asset', s.key))).map((s) => s.key);
      let withoutSite = canView(caller.level('asset', null));
      const siteId = oneParam(q, 'site_id');
      if (siteId !== undefined) {
        const s = sites.find((x) => x.uid === siteId);
        siteKeys = s && siteKeys.includes(s.key) ? [s.key] : [];
        withoutSite = false;
      }
      const gatewayId = oneParam(q, 'gateway_id');
      const gateway = gatewayId === undefined ? undefined : gateways.find((g) => g.uid === gatewayId);
      const page =
        gatewayId !== undefined && !gateway
          ? { total: 0, items: [] } // an unknown gateway_id matches nothing
          : await ctx.store.assets.list(caller.orgKey, { sites: siteKeys, withoutSite, gatewayKey: gateway?.key, offset: paging.offset, limit: paging.limit });
      const siteBy = new Map(sites.map((s) => [s.key, s]));
      const gatewayBy = new Map(gateways.map((g) => [g.key, g]));
      const at = <T>(m: Map<number, T>, key: number | null) => (key === null ? undefined : m.get(key));
      const now = ctx.clock.now();
      const results = page.items.map((a) => render(a, caller, at(siteBy, a.meta.siteKey), at(gatewayBy, a.meta.gatewayKey), now));
      return sendGdJson(reply, listBody(req, paging, page.total, results));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/asset/:id',
    gdRoute(ctx, 'asset:view', 'One asset', { params: idParams, response: { 200: one(assetSchema) } }),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const { asset: a, level } = await visibleAsset(ctx.store, caller, req.params.id);
      const [site, gateway] = await Promise.all([siteByKey(ctx.store, caller.orgKey, a.meta.siteKey), gatewayByKey(ctx.store, caller.orgKey, a.meta.gatewayKey)]);
      return sendGdJson(reply, render(a, caller, site, gateway, ctx.clock.now(), level));
    },
  );

  app.put<{ Params: { id: string } }>(
    '/asset/:id',
    // the scope depends on the body: checked in the handler
    gdRoute(ctx, undefined, 'Snooze or boost an asset, or change its fields', { params: idParams, body: assetBody, response: noContent }),
    async (req, reply) => {
      const edit = parseAssetEdit(req.body);
      const caller = await callerOf(ctx.store, req);
      if (edit.needsBoostSnooze) needScope(caller, 'asset:boost_snooze', 'snooze or boost an asset');
      if (edit.needsEdit) needScope(caller, 'asset:edit', 'change the fields of an asset');
      const { asset: a } = await visibleAsset(ctx.store, caller, req.params.id);
      const siteKey = a.meta.siteKey;
      if (edit.needsBoostSnooze) needRole(caller, siteKey, 'boost_snooze', 'snooze or boost this asset');
      if (edit.needsEdit) needRole(caller, siteKey, 'edit', 'change this asset');
      const patch = await resolveRefs(ctx, caller, edit);
      const controllable = patch.controllable ?? a.meta.controllable;
      if (edit.override && !controllable) throw badRequest(`cannot snooze or boost asset '${req.params.id}': it is not controllable`);
      // an asset that stops being controllable keeps no override
      if (!controllable) Object.assign(patch, { snoozeUntil: null, boostUntil: null });
      if (!(await ctx.control.update(caller.orgKey, a.component.uid, patch, edit.override))) throw notFound(`unknown asset '${req.params.id}'`);
      if (edit.name !== undefined && edit.name !== a.component.name) {
        await ctx.store.components.update(caller.orgKey, a.component.uid, { name: edit.name });
        ctx.ingest.cache.forget(caller.orgKey, a.component.id);
      }
      return sendNoContent(reply);
    },
  );
}
