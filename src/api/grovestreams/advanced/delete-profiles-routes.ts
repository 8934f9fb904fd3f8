/**
 * Delete profiles (notes §1.5, §4): how long a stream keeps its raw samples; the retention job
 * (retention/retention-job.ts) removes older ones and rollups stay. PUT inserts, POST updates
 * (found by uid, else id). Streams refer to a profile by id, so the id never changes and a
 * profile a stream names cannot be deleted (409). Rights: `delete_profile` (and `delete_profile/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { currentForUpdate, idForUpdate, newIdForInsert, route, sendOk, uidResourceRoutes, wrapped } from './common.js';
import { readDeleteProfile } from './rollup-config-input.js';
import { BLANK_DELETE_PROFILE, deleteProfileJson } from './rollup-config-json.js';
import { deleteProfileBodySchema } from './rollup-config-schemas.js';

const RESOURCE = 'delete_profile';

export function deleteProfilesRoutes(app: FastifyInstance, ctx: GsContext): void {
  uidResourceRoutes(app, {
    resource: RESOURCE,
    label: 'delete profile',
    repo: ctx.store.deleteProfiles,
    blank: BLANK_DELETE_PROFILE,
    printer: async () => deleteProfileJson,
    deleteSummary: 'Delete a delete profile no stream or component template uses',
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
}
