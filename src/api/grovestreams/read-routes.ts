/**
 * The simple API's sample reads: feed and last_value, for a whole component or one stream.
 * sd is inclusive, ed exclusive; limit (default and maximum 1,000) counts from the latest
 * samples back, filled stream by stream in the component's order; each stream's samples come
 * latest first (seed: "ordered by the order the stream appears within the component followed
 * by the order of the sample time, latest to earliest"). With retIntvlSd, interval streams'
 * samples also carry their interval's start (sdTime).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../domain/errors.js';
import type { Component, Stream, Unit } from '../../domain/model.js';
import { parseEpochMs } from '../../domain/time.js';
import type { Value } from '../../domain/values.js';
import { one, repeated, type Query } from '../../lib/query-string.js';
import { streamRollupPlan } from '../../rollup/stream-plan.js';
import { columnsOf } from '../../rollup/stored-samples.js';
import { callerOf, componentOr404, type GsContext } from './context.js';
import { canonicalQuery } from './feed-url.js';
import { requireRight } from './gs-auth.js';
import { sendJsonText } from './gs-reply.js';
import { retFlags, type RetFlags } from './sample-json.js';
import { SampleJsonWriter } from './sample-json-writer.js';

export const MAX_LIMIT = 1000;
const READ_PARAMS = new Set(['sd', 'ed', 'limit', 'retStreamId', 'retCompId', 'retFData', 'retUnit', 'retIntvlSd', 'api_key', 'org', 'session', '_']);

export interface ReadParams {
  sd?: number;
  ed?: number;
  limit: number;
}

/** Parses sd/ed/limit and rejects parameters the read endpoints do not know. */
export function readParams(q: Query): ReadParams {
  for (const k of Object.keys(q)) if (!READ_PARAMS.has(k)) throw badRequest(`unknown parameter '${k}'`);
  // A repeated flag (retStreamId twice) means the same; two ranges or limits are a mistake.
  const twice = repeated(q, ['sd', 'ed', 'limit']);
  if (twice) throw badRequest(`${twice.key} appears ${twice.n} times; give it once`);
  const time = (name: 'sd' | 'ed') => {
    const v = one(q, name);
    if (v === undefined) return undefined;
    const t = parseEpochMs(v);
    if (t === undefined) throw badRequest(`${name} must be a time in epoch milliseconds, got '${v}'`);
    return t;
  };
  const sd = time('sd');
  const ed = time('ed');
  // sd = ed is an empty range (sd inclusive, ed exclusive): no samples, not an error.
  if (sd !== undefined && ed !== undefined && sd > ed) throw badRequest(`sd must not be after ed, got sd ${sd} and ed ${ed}`);
  const l = one(q, 'limit');
  let limit = MAX_LIMIT;
  if (l !== undefined) {
    if (!/^\d{1,9}$/.test(l.trim()) || Number(l) < 1) throw badRequest(`limit must be a whole number from 1 to ${MAX_LIMIT}, got '${l}'`);
    limit = Math.min(Number(l), MAX_LIMIT); // "1,000 is the maximum"
  }
  return { ...(sd !== undefined ? { sd } : {}), ...(ed !== undefined ? { ed } : {}), limit };
}

export interface Target {
  orgKey: number;
  comp: Component;
  streams: Stream[];
  /** the streams' units, loaded only when the answer shows them (retFData or retUnit, and `inUnit`) */
  units: Map<string, Unit>;
  q: Query;
  f: RetFlags;
}

/**
 * The component (and stream) a read is for, its canonical query and ret* flags. `inUnit` false
 * (a statistic that is a count, duration or time) means the values are not in the streams'
 * units, so they are never loaded.
 */
export async function target(ctx: GsContext, req: FastifyRequest<{ Params: { compId: string; streamId?: string } }>, inUnit = true): Promise<Target> {
  const caller = callerOf(req);
  const q = canonicalQuery(req.query as Query);
  const comp = await componentOr404(ctx, caller.org.key, req.params.compId);
  requireRight(caller, ['component', comp.id, 'feed'], 'GET', comp.uid);
  let streams = comp.streams;
  if (req.params.streamId !== undefined) {
    const s = streams.find((x) => x.id === req.params.streamId);
    if (!s) throw notFound(`unknown stream '${req.params.streamId}' of component '${comp.id}'`);
    streams = [s];
  }
  const f = retFlags(q);
  const units = new Map<string, Unit>();
  if (inUnit && (f.fData || f.unit)) {
    for (const s of streams) {
      if (s.unitId && !units.has(s.unitId)) {
        const u = await ctx.store.units.get(caller.org.key, s.unitId);
        if (u) units.set(s.unitId, u);
      }
    }
  }
  return { orgKey: caller.org.key, comp, streams, units, q, f };
}

/**
 * sdTime of each of a stream's samples when retIntvlSd asks for it ("each interval stream's
 * interval start time"): an interval stream stores a sample at its base interval's end, so
 * sdTime is that interval's start, from the base cycle in the component's or the cycle's own
 * zone (a calendar day in a DST zone is 23 or 25 hours, so it is not time − one length).
 * Random and point streams have no interval: undefined, and their samples get no sdTime.
 */
async function sdTimesOf(ctx: GsContext, t: Target, s: Stream, times: readonly number[], values: readonly (Value | null)[]): Promise<readonly number[] | undefined> {
  if (!t.f.intvlSd || s.streamType !== 'intvl_stream') return undefined;
  const plan = streamRollupPlan(s, t.comp.timezone, await ctx.ingest.vocabulary.get(t.orgKey));
  return plan.base === null ? undefined : columnsOf(plan, times, values).starts;
}

/**
 * Route options of the sample and statistic reads. The querystring schema only documents sd,
 * ed and limit (/docs): readParams checks them in the dialect's words, where Fastify's own
 * validation would answer a repeated sd with "querystring/sd must be string" first.
 */
export function readRouteOptions(summary: string, limit: string) {
  const properties = {
    sd: { type: 'string', description: 'start, epoch ms, inclusive' },
    ed: { type: 'string', description: 'end, epoch ms, exclusive; not before sd' },
    limit: { type: 'string', description: limit },
  };
  return {
    schema: { tags: ['GroveStreams'], summary, querystring: { type: 'object', properties, additionalProperties: true } },
    validatorCompiler: () => () => true,
  };
}

export function readRoutes(app: FastifyInstance, ctx: GsContext): void {
  const options = (summary: string) => readRouteOptions(summary, 'at most 1,000 (default)');

  // Both answer JSON text (sample-json-writer.ts: the same bytes as JSON.stringify of sampleJson objects).
  const feed = async (req: FastifyRequest<{ Params: { compId: string; streamId?: string } }>): Promise<string> => {
    const t = await target(ctx, req);
    const p = readParams(t.q);
    const out = new SampleJsonWriter(t.f);
    for (const s of t.streams) {
      const left = p.limit - out.count;
      if (left <= 0) break;
      const r = await ctx.store.samples.read(s, { ...p, limit: left });
      const unit = s.unitId ? t.units.get(s.unitId) : undefined;
      const sd = await sdTimesOf(ctx, t, s, r.times, r.values);
      for (let i = 0; i < r.times.length; i++) out.add(t.comp, s, unit, r.values[i]!, r.times[i]!, sd?.[i]);
    }
    return out.json();
  };

  const lastValue = async (req: FastifyRequest<{ Params: { compId: string; streamId?: string } }>): Promise<string> => {
    const t = await target(ctx, req);
    const p = readParams(t.q);
    const out = new SampleJsonWriter(t.f);
    for (const s of t.streams) {
      if (out.count >= p.limit) break;
      const unit = s.unitId ? t.units.get(s.unitId) : undefined;
      // Without a range the stream row carries the last value: no sample scan.
      const r = p.sd === undefined && p.ed === undefined
        ? { times: s.lastTime === null ? [] : [s.lastTime], values: [s.lastValue] }
        : await ctx.store.samples.read(s, { ...p, limit: 1 });
      if (r.times.length === 0) continue;
      const sd = await sdTimesOf(ctx, t, s, r.times, r.values);
      out.add(t.comp, s, unit, r.values[0]!, r.times[0]!, sd?.[0]);
    }
    return out.json();
  };

  app.get('/comp/:compId/feed', options("Samples of each of a component's streams"), async (req, reply) => sendJsonText(reply, await feed(req as never)));
  app.get('/comp/:compId/stream/:streamId/feed', options('Samples of one stream'), async (req, reply) => sendJsonText(reply, await feed(req as never)));
  app.get('/comp/:compId/last_value', options("Last sample of each of a component's streams"), async (req, reply) => sendJsonText(reply, await lastValue(req as never)));
  app.get('/comp/:compId/stream/:streamId/last_value', options('Last sample of one stream'), async (req, reply) => sendJsonText(reply, await lastValue(req as never)));
}
