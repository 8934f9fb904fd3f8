/**
 * Delete profiles (notes §1.5, §4): how long a stream keeps its raw samples; the retention job
 * (retention/retention-job.ts) removes older ones and rollups stay. PUT inserts, POST updates
 * (found by uid, else id). Streams refer to a profile by id, so the id never changes and a
 * profile a stream names cannot be deleted (409). Rights: `delete_profile` (and `delete_profile/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../domain/errors.js';
import type { DeleteProfile } from '../../../domain/model.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { currentForUpdate, docOnly, idForUpdate, newIdForInsert, sendOk, TAGS, uidParam, wrapped } from './common.js';
import { readDeleteProfile } from './rollup-config-input.js';
import { BLANK_DELETE_PROFILE, deleteProfileJson } from './rollup-config-json.js';
import { deleteProfileBodySchema } from './rollup-config-schemas.js';

const RESOURCE = 'delete_profile';

export function deleteProfilesRoutes(app: FastifyInstance, ctx: GsContext): void {
  const route = (summary: string, extra: object = {}) => ({ schema: { tags: TAGS, summary, ...extra }, validatorCompiler: docOnly });

  async function byUidOrId(orgKey: number, uidOrId: string): Promise<DeleteProfile> {
    const p = await ctx.store.deleteProfiles.get(orgKey, uidOrId);
    if (!p) throw notFound(`unknown delete profile '${uidOrId}'`);
    return p;
  }

  app.get('/delete_profile', route('List delete profiles'), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, [RESOURCE], 'GET');
    const list = await ctx.store.deleteProfiles.list(caller.org.key);
    return sendOk(reply, RESOURCE, list.map(deleteProfileJson), list.length);
  });

  app.get('/delete_profile/new', route('A blank delete profile to fill in and PUT'), async (req, reply) => {
    requireRight(callerOf(req), [RESOURCE], 'GET');
    return sendOk(reply, RESOURCE, BLANK_DELETE_PROFILE);
  });

  app.get<{ Params: { uid: string } }>('/delete_profile/:uid', route('One delete profile', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const p = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, p.id], 'GET');
    return sendOk(reply, RESOURCE, deleteProfileJson(p));
  });

  app.put('/delete_profile', route('Create a delete profile', { body: deleteProfileBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    requireRight(caller, [RESOURCE], 'PUT');
    const o = wrapped(req.body, RESOURCE);
    const id = await newIdForInsert(o, RESOURCE, 'delete profile', 'profile', (k) => ctx.store.deleteProfiles.get(orgKey, k));
    return sendOk(reply, RESOURCE, deleteProfileJson(await ctx.store.deleteProfiles.put(orgKey, readDeleteProfile(o, id))));
  });

  app.post('/delete_profile', route('Update a delete profile (found by uid, else id)', { body: deleteProfileBodySchema }), async (req, reply) => {
    const caller = callerOf(req);
    const orgKey = caller.org.key;
    const o = wrapped(req.body, RESOURCE);
    const cur = await currentForUpdate(o, RESOURCE, 'delete profile', (k) => ctx.store.deleteProfiles.get(orgKey, k));
    requireRight(caller, [RESOURCE, cur.id], 'POST');
    const id = idForUpdate(o, RESOURCE, 'delete profile', cur, 'streams refer to profiles by id');
    return sendOk(reply, RESOURCE, deleteProfileJson(await ctx.store.deleteProfiles.put(orgKey, readDeleteProfile(o, id, cur))));
  });

  app.delete<{ Params: { uid: string } }>('/delete_profile/:uid', route('Delete a delete profile no stream uses', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const p = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, p.id], 'DELETE');
    if (!(await ctx.store.deleteProfiles.delete(caller.org.key, p.uid))) throw notFound(`unknown delete profile '${req.params.uid}'`);
    return sendOk(reply, undefined);
  });
}
