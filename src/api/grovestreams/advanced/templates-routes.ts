/**
 * Component templates (notes §1.1, §4): the stream sets feed PUTs with compTmplId=<id> give the
 * components they create. PUT and POST both insert or replace by id (a template is not linked
 * to the components made from it, so replacing one changes no component). Addressed by uid or
 * id. Rights: `component_template` (and `component_template/<id>` for one template).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../../domain/errors.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { checkNewId, idText, optText, optUid, route, sendOk, uidResourceRoutes, unitsById, wrapped } from './common.js';
import { templateJson } from './component-json.js';
import { loadRollupDefinitions } from '../../../storage/rollup-definitions.js';
import { templateBodySchema } from './schemas.js';
import { parseStreams } from './stream-input.js';

const RESOURCE = 'component_template';

export function templatesRoutes(app: FastifyInstance, ctx: GsContext): void {
  uidResourceRoutes(app, {
    resource: RESOURCE,
    label: 'component template',
    repo: ctx.store.templates,
    blank: { uid: '', id: '', name: '', description: '', stream: [] },
    printer: async (orgKey) => {
      const [units, vocab] = await Promise.all([unitsById(ctx, orgKey), loadRollupDefinitions(ctx.store, orgKey)]);
      return (t) => templateJson(t, units, vocab);
    },
    deleteSummary: 'Delete a component template',
  });

  const put = (method: 'PUT' | 'POST') => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = callerOf(req);
    const org = caller.org;
    requireRight(caller, [RESOURCE], method);
    const o = wrapped(req.body, RESOURCE);
    const id = idText(o, 'id', `${RESOURCE}.id`);
    await checkNewId(id, RESOURCE, 'component template', async () => (await ctx.store.templates.get(org.key, id))?.id === id);
    const uid = optUid(o, `${RESOURCE}.uid`);
    if (uid) {
      const named = await ctx.store.templates.get(org.key, uid);
      if (named && named.id !== id) throw badRequest(`${RESOURCE}.id: cannot change the id of template ${uid} from '${named.id}' to '${id}'`);
    }
    const name = optText(o, 'name', `${RESOURCE}.name`);
    const units = await ctx.store.units.list(org.key);
    const vocab = await loadRollupDefinitions(ctx.store, org.key);
    // the streams of a template are the definitions feeds create (compTmplId, dtId/dsId), rollup settings included
    const streams = o.stream === undefined || o.stream === null ? [] : parseStreams(o.stream, `${RESOURCE}.stream`, units, vocab, { now: ctx.clock.now() });
    // the store keeps the uid of a template replaced by id and makes one for a new template
    const saved = await ctx.store.templates.put(org.key, { id, name: name?.trim() ? name : id, description: optText(o, 'description', `${RESOURCE}.description`) ?? '', streams });
    return sendOk(reply, RESOURCE, templateJson(saved, new Map(units.map((u) => [u.id, u])), vocab));
  };
  app.put('/component_template', route('Create or replace a component template (by id)', { body: templateBodySchema }), put('PUT'));
  app.post('/component_template', route('Same as PUT: create or replace a component template (by id)', { body: templateBodySchema }), put('POST'));
}
