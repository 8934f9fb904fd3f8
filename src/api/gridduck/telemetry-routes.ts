/**
 * GridDuck telemetry (contract §10, gridduck-notes §1.6; docs/gridduck.md "Telemetry"):
 *
 *   GET /asset/{id}/data/aggregate      delivered (Wh) or spend per bucket, ≤ 1,000 buckets
 *   GET /asset/{id}/data/instantaneous  average / max / min of a level per bucket, ≤ 48 buckets
 *   GET /site/{id}/data/aggregate       the sum over the site's assets
 *
 * Answered from the rollup engine through the StatReader. Buckets of a day and longer follow the
 * asset's zone (its component's), or the site's for a site. Checks, in order: scope (403,
 * requireScope), the query (400), the object is visible (404, as another org's ids), then what
 * needs the object (the field's stream, a price, the bucket cap in its zone, an interval stream
 * whose base cycle does not tile the buckets — for a site, any of its assets': 400).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequest } from '../../domain/errors.js';
import type { Asset, Site } from '../../domain/gridduck-model.js';
import type { Cycle, Interval } from '../../rollup/cycle.js';
import type { StatId } from '../../rollup/stat-id.js';
import type { Query } from '../../lib/query-string.js';
import { StatReader } from '../../stats/stat-reader.js';
import { callerOf, visibleAsset, visibleSite } from './access.js';
import { unixSeconds } from './connectivity.js';
import { gdRoute, type GdContext } from './gd-context.js';
import { sendGdJson } from './gd-reply.js';
import { cycleFor } from './granularity.js';
import { siteByKey } from './relatives.js';
import { idParams } from './schemas.js';
import {
  DEFAULT_INSTANT_FIELD, DELIVERED_STREAM, instantStream, parseAggregateField, priceOf, spendOf, streamOf, WELL_KNOWN_UNITS,
  type Price,
} from './telemetry-fields.js';
import { AGGREGATE_MAX_BUCKETS, bucketsOf, INSTANTANEOUS_MAX_BUCKETS, parseFormat, parseTelemetryQuery, type Format, type TelemetryQuery } from './telemetry-query.js';
import { aggregateQuery, aggregateResponse, instantaneousQuery, instantaneousResponse } from './telemetry-schemas.js';
import { seriesOf, sumSeries, type Series } from './telemetry-series.js';

const STAT_OF: Record<Format, StatId> = { average: 'avg', max: 'max', min: 'min' };
/** assets read per store call when summing a site */
const SITE_PAGE = 500;

interface Answer {
  field: string;
  unit: string | null;
  tq: TelemetryQuery;
  buckets: readonly Interval[];
  values: Series;
}

/** The documented shape: field, unit, granularity, start, end, data [{time, value}], request_id. */
function sendTelemetry(reply: FastifyReply, a: Answer): FastifyReply {
  return sendGdJson(reply, {
    field: a.field,
    unit: a.unit,
    granularity: a.tq.granularity.echo,
    start: a.tq.start,
    end: a.tq.end,
    data: a.buckets.map((b, i) => ({ time: unixSeconds(b.sd), value: a.values[i] ?? null })),
  });
}

export function telemetryRoutes(app: FastifyInstance, ctx: GdContext): void {
  const reader = new StatReader(ctx.store, (orgKey) => ctx.ingest.vocabulary.get(orgKey), () => ctx.clock.now());

  /** The org's cycles and the buckets of the query in `zone` (400 over `max`). */
  async function grid(orgKey: number, tq: TelemetryQuery, zone: string, max: number, what: string) {
    const vocab = await ctx.ingest.vocabulary.get(orgKey);
    const cycle = cycleFor(tq.granularity, vocab.cycles);
    return { cycles: vocab.cycles, cycle, buckets: bucketsOf(tq, cycle, zone, max, what) };
  }

  const route = (summary: string, querystring: object, response: object, scope: 'asset:view' | 'site:view') =>
    gdRoute(ctx, scope, summary, { params: idParams, querystring, response: { 200: response } });

  app.get<{ Params: { id: string } }>(
    '/asset/:id/data/aggregate',
    route("An asset's energy (delivered, Wh) or spend per bucket", aggregateQuery, aggregateResponse, 'asset:view'),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const tq = parseTelemetryQuery(req.query as Query);
      const field = parseAggregateField(tq.field);
      const { asset } = await visibleAsset(ctx.store, caller, req.params.id);
      const price = field === 'spend' ? priceOf(asset, await siteByKey(ctx.store, caller.orgKey, asset.meta.siteKey)) : undefined;
      const c = asset.component;
      const { cycle, buckets } = await grid(caller.orgKey, tq, c.timezone, AGGREGATE_MAX_BUCKETS, 'GET /asset/{id}/data/aggregate');
      const wh = await seriesOf(reader, caller.orgKey, c, streamOf(c, DELIVERED_STREAM), 'sum', cycle, buckets, tq.granularity.echo);
      const values = price ? wh.map((v) => spendOf(v, price)) : wh;
      return sendTelemetry(reply, { field, unit: price ? price.currency : 'Wh', tq, buckets, values });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/asset/:id/data/instantaneous',
    route("An asset's level (consumption W, temperature, …) per bucket: average, max or min", instantaneousQuery, instantaneousResponse, 'asset:view'),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const q = req.query as Query;
      const tq = parseTelemetryQuery(q);
      const format = parseFormat(q);
      const field = tq.field ?? DEFAULT_INSTANT_FIELD;
      const { asset } = await visibleAsset(ctx.store, caller, req.params.id);
      const c = asset.component;
      const stream = instantStream(c, field);
      const { cycle, buckets } = await grid(caller.orgKey, tq, c.timezone, INSTANTANEOUS_MAX_BUCKETS, 'GET /asset/{id}/data/instantaneous');
      const values = await seriesOf(reader, caller.orgKey, c, stream, STAT_OF[format], cycle, buckets, tq.granularity.echo);
      // the stream's own unit says what its numbers are; the well-known one stands in when it has none
      const own = stream?.unitId ? (await ctx.store.units.get(caller.orgKey, stream.unitId))?.symbol : undefined;
      const unit = own || (Object.hasOwn(WELL_KNOWN_UNITS, field) ? WELL_KNOWN_UNITS[field]! : null);
      return sendTelemetry(reply, { field, unit, tq, buckets, values });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/site/:id/data/aggregate',
    route("A site's energy (delivered, Wh) or spend per bucket: the sum over its assets", aggregateQuery, aggregateResponse, 'site:view'),
    async (req, reply) => {
      const caller = await callerOf(ctx.store, req);
      const tq = parseTelemetryQuery(req.query as Query);
      const field = parseAggregateField(tq.field);
      const { site } = await visibleSite(ctx.store, caller, req.params.id);
      const assets = await siteAssets(caller.orgKey, site);
      const { cycles, cycle, buckets } = await grid(caller.orgKey, tq, site.timezone, AGGREGATE_MAX_BUCKETS, 'GET /site/{id}/data/aggregate');
      const prices = field === 'spend' ? sitePrices(site, assets) : undefined;
      const all: Series[] = [];
      // the site's buckets; an asset in another zone gets a cycle pinned to the site's zone, the
      // same one for every such asset, built once and only if one is there
      let pinned: Cycle | undefined;
      for (const a of assets) {
        const c = a.component;
        const stream = streamOf(c, DELIVERED_STREAM);
        if (!stream) continue;
        const own = c.timezone === site.timezone ? cycle : (pinned ??= cycleFor(tq.granularity, cycles, site.timezone));
        const wh = await seriesOf(reader, caller.orgKey, c, stream, 'sum', own, buckets, tq.granularity.echo);
        const price = prices?.byAsset.get(c.key);
        all.push(price ? wh.map((v) => spendOf(v, price)) : wh);
      }
      const unit = field === 'spend' ? prices!.currency : 'Wh';
      return sendTelemetry(reply, { field, unit, tq, buckets, values: sumSeries(all, buckets.length) });
    },
  );

  /** Every asset on the site (all of a site's assets share its visibility: permissions.ts). */
  async function siteAssets(orgKey: number, site: Site): Promise<Asset[]> {
    const out: Asset[] = [];
    for (let offset = 0; ; offset += SITE_PAGE) {
      const page = await ctx.store.assets.list(orgKey, { sites: [site.key], withoutSite: false, offset, limit: SITE_PAGE });
      out.push(...page.items);
      if (page.items.length < SITE_PAGE || out.length >= page.total) return out;
    }
  }
}

/**
 * The price of each asset of the site that has energy data (its own, else the site's). A sum
 * of spends is only meaningful in one currency, so mixed currencies are a 400.
 */
function sitePrices(site: Site, assets: readonly Asset[]): { byAsset: Map<number, Price>; currency: string | null } {
  const byAsset = new Map<number, Price>();
  for (const a of assets) if (streamOf(a.component, DELIVERED_STREAM)) byAsset.set(a.component.key, priceOf(a, site));
  const currencies = [...new Set([...byAsset.values()].map((p) => p.currency))];
  if (currencies.length > 1) {
    throw badRequest(`cannot sum spend over site '${site.uid}': its assets are priced in different currencies (${currencies.map((c) => c ?? 'none').join(', ')})`);
  }
  return { byAsset, currency: currencies.length === 1 ? currencies[0]! : site.currency };
}
