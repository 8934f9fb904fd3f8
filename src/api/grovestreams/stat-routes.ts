/**
 * The simple API's cycle statistics (seed: "Get the Latest Component's Stream's Statistic
 * Samples" and friends): `.../cycle/{cycleId}/stat/{statId}/feed|last_value`, for one stream
 * or each of a component's streams. Each result is one interval of the cycle: `time` is the
 * interval end ("all cycle stat calls return interval stream samples"), `sdTime` its start with
 * retIntvlSd. sd/ed select the intervals overlapping [sd, ed), ed clamped to the data or now
 * (stat-feed-end.ts); limit counts intervals from the latest back, stream by stream, latest
 * first as raw feeds are. An interval stream answers only cycles its base cycle tiles in the
 * intervals asked for: any other is a 400, for a component when any of its streams is.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../domain/errors.js';
import { parseStatId, STAT_IDS, type StatId } from '../../rollup/stat-id.js';
import { baseCycleOf } from '../../rollup/stream-plan.js';
import { NO_TIME } from '../../rollup/zone-tiling.js';
import { statCycleError } from '../../stats/stat-cycle-error.js';
import { StatReader } from '../../stats/stat-reader.js';
import { callerOf, type GsContext } from './context.js';
import { sendJsonText } from './gs-reply.js';
import { readParams, readRouteOptions, target } from './read-routes.js';
import { SampleJsonWriter } from './sample-json-writer.js';
import { statFeedEnd } from './stat-feed-end.js';

/** Statistics whose value is in the stream's unit (the rest are counts, durations or times). */
const IN_UNIT = new Set<StatId>(['first', 'last', 'min', 'max', 'avg', 'sum']);

type StatRequest = FastifyRequest<{ Params: { compId: string; streamId?: string; cycleId: string; statId: string } }>;

export function statRoutes(app: FastifyInstance, ctx: GsContext): void {
  const reader = new StatReader(ctx.store, (orgKey) => ctx.ingest.vocabulary.get(orgKey), () => ctx.clock.now());

  /** The answer's JSON text (sample-json-writer.ts: the same bytes as JSON.stringify of sampleJson objects). */
  const answer = async (req: StatRequest, last: boolean): Promise<string> => {
    const statId = parseStatId(req.params.statId);
    if (!statId) throw badRequest(`unknown statistic '${req.params.statId}' (one of ${STAT_IDS.join(', ')})`);
    const t = await target(ctx, req as never, IN_UNIT.has(statId));
    const p = readParams(t.q);
    const org = callerOf(req).org.key;
    // from the org's cached cycles (store.cycles.get only on a miss): no query per request
    const cycle = await ctx.ingest.vocabulary.cycle(org, req.params.cycleId);
    if (!cycle) throw notFound(`unknown cycle '${req.params.cycleId}'`);
    const ed = p.ed === undefined ? undefined : await statFeedEnd(ctx, t, cycle, p.ed);
    // An interval stream that cannot answer the cycle over the intervals asked for fails the
    // whole request, whichever streams the limit would reach: a component-wide answer that
    // silently skips a stream would mislead. Without sd, those are the intervals of each
    // stream's data, known when it is read (StatReader checks them): here the structure alone.
    const vocab = await ctx.ingest.vocabulary.get(org);
    const asked = p.sd === undefined ? NO_TIME : { from: p.sd, to: ed ?? Infinity };
    for (const s of t.streams) {
      const untiled = statCycleError(s, baseCycleOf(s, vocab), cycle, t.comp.timezone, asked);
      if (untiled) throw badRequest(untiled);
    }
    const out = new SampleJsonWriter(t.f);
    const stats = [statId];
    for (const s of t.streams) {
      const left = Math.min(last ? 1 : p.limit, p.limit - out.count);
      if (left <= 0) break;
      const rows = await reader.read(org, { stream: s, zone: t.comp.timezone, cycle, stats, sd: p.sd, ed, limit: left });
      const unit = s.unitId ? t.units.get(s.unitId) : undefined; // empty unless the statistic is in the unit
      for (let i = rows.length - 1; i >= 0; i--) {
        const r = rows[i]!;
        out.add(t.comp, s, unit, r.values[0]!, r.ed, r.sd);
      }
    }
    return out.json();
  };

  const route = (path: string, summary: string, last: boolean) =>
    app.get(path, readRouteOptions(summary, 'intervals, at most 1,000 (default)'), async (req, reply) => sendJsonText(reply, await answer(req as StatRequest, last)));

  route('/comp/:compId/cycle/:cycleId/stat/:statId/feed', "A statistic per cycle interval for each of a component's streams", false);
  route('/comp/:compId/stream/:streamId/cycle/:cycleId/stat/:statId/feed', 'A statistic per cycle interval of one stream', false);
  route('/comp/:compId/cycle/:cycleId/stat/:statId/last_value', "The latest interval's statistic for each of a component's streams", true);
  route('/comp/:compId/stream/:streamId/cycle/:cycleId/stat/:statId/last_value', "The latest interval's statistic of one stream", true);
}
