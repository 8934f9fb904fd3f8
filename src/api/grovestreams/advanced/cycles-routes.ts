/**
 * Cycles (notes §1.5, §4): the repeating periods streams use as base cycle and calendars are
 * made of. PUT inserts, POST updates (found by uid, else id), both with GroveStreams' fields.
 * Calendars and streams refer to a cycle by id, so the id never changes, and while anything
 * uses a cycle its interval (size type, count, reference, zone) cannot change nor can it be
 * deleted (409; the store checks in the same transaction). Rights: `cycle` (and `cycle/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import type { StoredCycle } from '../../../storage/store.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { currentForUpdate, docOnly, idForUpdate, newIdForInsert, sendOk, TAGS, uidParam, wrapped } from './common.js';
import { readCycle } from './rollup-config-input.js';
import { BLANK_CYCLE, cycleJson } from './rollup-config-json.js';
import { cycleBodySchema } from './rollup-config-schemas.js';

const RESOURCE = 'cycle';

export function cyclesRoutes(app: FastifyInstance, ctx: GsContext): void {
  const route = (summary: string, extra: object = {}) => ({ schema: { tags: TAGS, summary, ...extra }, validatorCompiler: docOnly });

  async function byUidOrId(orgKey: number, uidOrId: string): Promise<StoredCycle> {
    const c = await ctx.store.cycles.get(orgKey, uidOrId);
    if (!c) throw notFound(`unknown cycle '${uidOrId}'`);
    return c;
  }

  app.get('/cycle', route('List cycles'), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, [RESOURCE], 'GET');
    const list = await ctx.store.cycles.list(caller.org.key);
    return sendOk(reply, RESOURCE, list.map(cycleJson), list.length);
  });

  app.get('/cycle/new', route('A blank cycle to fill in and PUT'), async (req, reply) => {
    requireRight(callerOf(req), [RESOURCE], 'GET');
    return sendOk(reply, RESOURCE, BLANK_CYCLE);
  });

  app.get<{ Params: { uid: string } }>('/cycle/:uid', route('One cycle', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const c = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, c.id], 'GET');
    return sendOk(reply, RESOURCE, cycleJson(c));
  });

  app.put('/cycle', route('Create a cycle', { body: cycleBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    requireRight(caller, [RESOURCE], 'PUT');
    const o = wrapped(req.body, RESOURCE);
    const id = await newIdForInsert(o, RESOURCE, 'cycle', 'cycle', (k) => ctx.store.cycles.get(orgKey, k));
    const saved = await ctx.store.cycles.put(orgKey, readCycle(o, id));
    ctx.ingest.vocabulary.forget(orgKey);
    return sendOk(reply, RESOURCE, cycleJson(saved));
  });

  app.post('/cycle', route('Update a cycle (found by uid, else id); its interval cannot change while it is used', { body: cycleBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    const o = wrapped(req.body, RESOURCE);
    const cur = await currentForUpdate(o, RESOURCE, 'cycle', (k) => ctx.store.cycles.get(orgKey, k));
    requireRight(caller, [RESOURCE, cur.id], 'POST');
    const id = idForUpdate(o, RESOURCE, 'cycle', cur, 'calendars and streams refer to cycles by id');
    const saved = await ctx.store.cycles.put(orgKey, readCycle(o, id, cur));
    ctx.ingest.vocabulary.forget(orgKey);
    return sendOk(reply, RESOURCE, cycleJson(saved));
  });

  app.delete<{ Params: { uid: string } }>('/cycle/:uid', route('Delete a cycle no calendar or stream uses', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const c = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, c.id], 'DELETE');
    if (!(await ctx.store.cycles.delete(caller.org.key, c.uid))) throw notFound(`unknown cycle '${req.params.uid}'`);
    ctx.ingest.vocabulary.forget(caller.org.key);
    return sendOk(reply, undefined);
  });
}
