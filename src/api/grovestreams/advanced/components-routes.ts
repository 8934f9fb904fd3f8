/**
 * Components with their streams (notes §4): list (paged), get, streams, blank templates,
 * PUT insert, POST update, DELETE. Addressed by uid or id. Rights: `component` for list and
 * insert, `component/<id>` (or its uid) for the rest.
 *
 * POST replaces the definition as GroveStreams does: when the body has a `stream` list it is
 * the complete list, and streams left out are deleted with their samples. Clients update by
 * GETting the component and POSTing it back with a stream added (node-grovestreams-api
 * addStream), so they always send the full list. Because that deletes data, removing streams
 * also needs the DELETE right on the component; a body without `stream` leaves streams alone.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { badRequest, conflict, forbidden, notFound } from '../../../domain/errors.js';
import { streamsFitError } from '../../../rollup/base-cycle-fit.js';
import { streamDefProblem } from '../../../rollup/stream-def-problem.js';
import { applyPlanChange } from '../../../stats/apply-plan-change.js';
import { streamRollupPlan } from '../../../rollup/stream-plan.js';
import { STREAM_TYPES, type Component, type ComponentDef, type Org, type StreamDef } from '../../../domain/model.js';
import { canonicalTimeZone, sameTimeZone } from '../../../domain/time-zone.js';
import { one, type Query } from '../../../lib/query-string.js';
import { callerOf, type GsContext } from '../context.js';
import { mayDo, requireRight } from '../gs-auth.js';
import { checkNewId, componentByUidOrId, DEFAULT_PAGE, folderPath, idText, MAX_ID_LENGTH, optText, optUid, pagingQuery, route, sendList, sendOk, uidParam, unitsById, wrapped, type Json } from './common.js';
import { blankComponentJson, componentJson, streamDefJson } from './component-json.js';
import { loadRollupDefinitions } from '../../../storage/rollup-definitions.js';
import { componentBodySchema } from './schemas.js';
import { parseStreams } from './stream-input.js';
import { streamsWithSamples } from './streams-with-samples.js';

/** The definition a body describes; absent fields keep `cur`'s values (POST) or take defaults (PUT). */
async function readDef(ctx: GsContext, org: Org, o: Json, id: string, cur?: Component): Promise<ComponentDef> {
  const name = optText(o, 'name', 'component.name');
  if (name !== undefined && name.trim() === '') throw badRequest('component.name cannot be empty');
  const tzText = optText(o, 'timeZoneId', 'component.timeZoneId', 64);
  const tz = tzText === undefined ? undefined : canonicalTimeZone(tzText);
  if (tzText !== undefined && tz === undefined) throw badRequest(`component.timeZoneId '${tzText}' is not an IANA time zone (e.g. "UTC", "Europe/London")`);
  const folder = optText(o, 'folderPath', 'component.folderPath');
  const templateId = optText(o, 'templateId', 'component.templateId', MAX_ID_LENGTH);
  if (templateId && templateId !== cur?.templateId && !(await ctx.store.templates.get(org.key, templateId))) {
    throw badRequest(`component.templateId: unknown component template '${templateId}'`);
  }
  return {
    id,
    name: name ?? cur?.name ?? id,
    description: optText(o, 'description', 'component.description') ?? cur?.description ?? '',
    timezone: tz ?? cur?.timezone ?? org.timezone,
    folderPath: folder === undefined ? (cur?.folderPath ?? '') : folderPath(folder, 'component.folderPath'),
    templateId: templateId ?? cur?.templateId ?? '',
  };
}

export function componentsRoutes(app: FastifyInstance, ctx: GsContext): void {
  const withUid = (summary: string, extra: object = {}) => route(summary, { params: uidParam, ...extra });
  const answer = async (orgKey: number, c: Component) => componentJson(c, await unitsById(ctx, orgKey), await loadRollupDefinitions(ctx.store, orgKey));

  app.get('/component', route('List components with their streams (paged)', { querystring: { type: 'object', properties: pagingQuery } }), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, ['component'], 'GET');
    const units = await unitsById(ctx, caller.org.key);
    const vocab = await loadRollupDefinitions(ctx.store, caller.org.key);
    return sendList(reply, 'component', req.query as Query, (p) => ctx.store.components.list(caller.org.key, p), (c) => componentJson(c, units, vocab), DEFAULT_PAGE);
  });

  app.get('/component/new', route('A blank component to fill in and PUT'), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, ['component'], 'GET');
    return sendOk(reply, 'component', blankComponentJson(caller.org.timezone));
  });

  app.get<{ Params: { uid: string } }>('/component/:uid', withUid('One component with its streams'), async (req, reply) => {
    const caller = callerOf(req);
    const c = await componentByUidOrId(ctx, caller.org.key, req.params.uid);
    requireRight(caller, ['component', c.id], 'GET', c.uid);
    return sendOk(reply, 'component', await answer(caller.org.key, c));
  });

  app.get<{ Params: { uid: string } }>('/component/:uid/stream', withUid("A component's streams"), async (req, reply) => {
    const caller = callerOf(req);
    const c = await componentByUidOrId(ctx, caller.org.key, req.params.uid);
    requireRight(caller, ['component', c.id], 'GET', c.uid);
    return sendOk(reply, 'stream', (await answer(caller.org.key, c)).stream);
  });

  app.get<{ Params: { uid: string } }>(
    '/component/:uid/stream/new',
    withUid('A blank stream to fill in and POST with its component', {
      description: 'The uid is a placeholder for clients that require one: the stream gets its own uid when the component is POSTed.',
      querystring: { type: 'object', properties: { type: { type: 'string', enum: [...STREAM_TYPES] } } },
    }),
    async (req, reply) => {
      const caller = callerOf(req);
      const c = await componentByUidOrId(ctx, caller.org.key, req.params.uid);
      requireRight(caller, ['component', c.id], 'GET', c.uid);
      const asked = one(req.query as Query, 'type') || 'rdm_stream';
      const type = STREAM_TYPES.find((t) => t === asked);
      if (!type) throw badRequest(`type '${asked}' is not one of ${STREAM_TYPES.join(', ')}`);
      // the same fields as a stored stream, at the values a body that leaves them out gets
      // (an intvl_stream's baseCycle is null: it has to be filled in)
      const blank: StreamDef = { id: '', name: '', description: '', valueType: 'DOUBLE', streamType: type, unitId: null, autoTyped: false };
      return sendOk(reply, 'stream', { uid: randomUUID(), ...streamDefJson(blank, new Map(), await loadRollupDefinitions(ctx.store, caller.org.key)) });
    },
  );

  app.put('/component', route('Create a component with its streams', { body: componentBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const org = caller.org;
    requireRight(caller, ['component'], 'PUT');
    const o = wrapped(req.body, 'component');
    const id = idText(o, 'id', 'component.id');
    await checkNewId(id, 'component', 'component');
    const uid = optUid(o, 'component.uid');
    if (uid && (await ctx.store.components.getByUid(org.key, uid))) throw conflict(`component uid ${uid} exists (POST updates a component)`);
    const def = await readDef(ctx, org, o, id);
    const unitList = await ctx.store.units.list(org.key);
    const vocab = await loadRollupDefinitions(ctx.store, org.key);
    let streams: StreamDef[] = o.stream === undefined || o.stream === null ? [] : parseStreams(o.stream, 'component.stream', unitList, vocab, { zone: def.timezone, now: ctx.clock.now() });
    if (streams.length === 0 && def.templateId) {
      streams = (await ctx.store.templates.get(org.key, def.templateId))?.streams ?? [];
      // checked when the template was saved, but what its streams name may have changed since
      for (const s of streams) {
        const problem = streamDefProblem(s, vocab);
        if (problem) throw badRequest(`component.templateId: stream '${s.id}' of component template '${def.templateId}' ${problem}; change the template`);
      }
      // a template has no zone: its interval streams meet the component's here (base-cycle-fit.ts)
      const misfit = streamsFitError(streams, def.timezone, vocab, ctx.clock.now());
      if (misfit) throw badRequest(`component.templateId: template '${def.templateId}' does not suit the component: ${misfit}`);
    }
    const created = await ctx.store.components.create(org.key, def, streams);
    ctx.ingest.cache.forget(org.key, created.id);
    return sendOk(reply, 'component', componentJson(created, new Map(unitList.map((u) => [u.id, u])), vocab));
  });

  app.post('/component', route('Update a component (found by uid, else id), including its streams', { body: componentBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const org = caller.org;
    const o = wrapped(req.body, 'component');
    const uid = optUid(o, 'component.uid');
    let cur: Component | undefined;
    if (uid) {
      cur = await ctx.store.components.getByUid(org.key, uid);
      if (!cur) throw notFound(`unknown component uid ${uid}`);
    } else {
      const id = idText(o, 'id', 'component.id (or uid)');
      cur = await ctx.store.components.get(org.key, id);
      if (!cur) throw notFound(`unknown component '${id}' (PUT creates a component)`);
    }
    requireRight(caller, ['component', cur.id], 'POST', cur.uid);
    const id = optText(o, 'id', 'component.id', MAX_ID_LENGTH) || cur.id;
    if (id !== cur.id) await checkNewId(id, 'component', 'component');
    const def = await readDef(ctx, org, o, id, cur);
    const unitList = await ctx.store.units.list(org.key);
    const vocab = await loadRollupDefinitions(ctx.store, org.key);
    let streams: StreamDef[] | undefined;
    if (o.stream !== undefined && o.stream !== null) {
      // calendar and meter may change, kind and base cycle only without samples; rollup/plan-change.ts tells which streams' rollups that invalidates
      const withSamples = await streamsWithSamples(ctx.store, cur.streams);
      streams = parseStreams(o.stream, 'component.stream', unitList, vocab, { existing: cur.streams, zone: def.timezone, withSamples, now: ctx.clock.now() });
      const removed = cur.streams.filter((s) => !streams!.some((d) => d.id === s.id)).map((s) => s.id);
      if (removed.length > 0 && !mayDo(caller, ['component', cur.id], 'DELETE', cur.uid)) {
        throw forbidden(`cannot remove stream(s) ${removed.join(', ')} of component '${cur.id}': the api_key has no DELETE right on 'component/${cur.id}'`);
      }
    } else if (!sameTimeZone(def.timezone, cur.timezone)) {
      // the stored streams stay: their base cycles must still tile their calendars in the new zone
      const misfit = streamsFitError(cur.streams, def.timezone, vocab, ctx.clock.now());
      if (misfit) throw conflict(`cannot change the time zone of component '${cur.id}' to ${def.timezone}: ${misfit}; change the stream first`);
    }
    const updated = await ctx.store.components.update(org.key, cur.uid, def, streams, streams !== undefined);
    ctx.ingest.cache.forget(org.key, cur.id);
    if (!updated) throw notFound(`unknown component uid ${cur.uid}`);
    ctx.ingest.cache.forget(org.key, updated.id);
    // Stored rollup states depend on which intervals are materialised: a new zone (calendar
    // cycles follow it) or a stream's new kind / base cycle / calendar rebuilds them from the raw
    // samples, keeping below the raw horizon those that still fit (rollup/plan-change.ts).
    for (const s of updated.streams) {
      const old = cur.streams.find((c) => c.id === s.id);
      if (!old) continue; // new: nothing materialised yet
      await applyPlanChange(ctx.store, ctx.config.materializeRollups, s.key, streamRollupPlan(old, cur.timezone, vocab), streamRollupPlan(s, updated.timezone, vocab));
    }
    return sendOk(reply, 'component', componentJson(updated, new Map(unitList.map((u) => [u.id, u])), vocab));
  });

  app.delete<{ Params: { uid: string } }>('/component/:uid', withUid('Delete a component with its streams and samples'), async (req, reply) => {
    const caller = callerOf(req);
    const c = await componentByUidOrId(ctx, caller.org.key, req.params.uid);
    requireRight(caller, ['component', c.id], 'DELETE', c.uid);
    await ctx.store.components.delete(caller.org.key, c.uid);
    ctx.ingest.cache.forget(caller.org.key, c.id);
    return sendOk(reply, undefined);
  });
}
