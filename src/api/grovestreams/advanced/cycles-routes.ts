/**
 * Cycles (notes §1.5, §4): the repeating periods streams use as base cycle and calendars are
 * made of. PUT inserts, POST updates (found by uid, else id), both with GroveStreams' fields.
 * Calendars and streams refer to a cycle by id, so the id never changes, and while anything
 * uses a cycle its interval (size type, count, reference, zone) cannot change nor can it be
 * deleted (409; the store checks in the same transaction). Rights: `cycle` (and `cycle/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { currentForUpdate, idForUpdate, newIdForInsert, route, sendOk, uidResourceRoutes, wrapped } from './common.js';
import { readCycle } from './rollup-config-input.js';
import { BLANK_CYCLE, cycleJson } from './rollup-config-json.js';
import { cycleBodySchema } from './rollup-config-schemas.js';

const RESOURCE = 'cycle';

export function cyclesRoutes(app: FastifyInstance, ctx: GsContext): void {
  uidResourceRoutes(app, {
    resource: RESOURCE,
    label: 'cycle',
    repo: ctx.store.cycles,
    blank: BLANK_CYCLE,
    printer: async () => cycleJson,
    deleteSummary: 'Delete a cycle no calendar, stream or component template uses',
    afterDelete: (orgKey) => ctx.ingest.vocabulary.forget(orgKey),
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
}
