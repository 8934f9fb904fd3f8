/**
 * Component templates (notes §1.1, §4): the stream sets feed PUTs with compTmplId=<id> give the
 * components they create. PUT and POST both insert or replace by id (a template is not linked
 * to the components made from it, so replacing one changes no component). Addressed by uid or
 * id. Rights: `component_template` (and `component_template/<id>` for one template).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest, notFound } from '../../../domain/errors.js';
import type { ComponentTemplate } from '../../../domain/model.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { docOnly, idText, optText, optUid, sendOk, TAGS, uidParam, unitsById, wrapped } from './common.js';
import { templateJson } from './component-json.js';
import { loadRollupVocabulary } from './rollup-vocabulary.js';
import { templateBodySchema } from './schemas.js';
import { parseStreams } from './stream-input.js';

const RESOURCE = 'component_template';

export function templatesRoutes(app: FastifyInstance, ctx: GsContext): void {
  const route = (summary: string, extra: object = {}) => ({ schema: { tags: TAGS, summary, ...extra }, validatorCompiler: docOnly });

  async function byUidOrId(orgKey: number, uidOrId: string): Promise<ComponentTemplate> {
    const t = await ctx.store.templates.get(orgKey, uidOrId);
    if (!t) throw notFound(`unknown component template '${uidOrId}'`);
    return t;
  }

  app.get('/component_template', route('List component templates'), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, [RESOURCE], 'GET');
    const list = await ctx.store.templates.list(caller.org.key);
    const units = await unitsById(ctx, caller.org.key);
    const vocab = await loadRollupVocabulary(ctx.store, caller.org.key);
    return sendOk(reply, RESOURCE, list.map((t) => templateJson(t, units, vocab)), list.length);
  });

  app.get('/component_template/new', route('A blank component template to fill in and PUT'), async (req, reply) => {
    requireRight(callerOf(req), [RESOURCE], 'GET');
    return sendOk(reply, RESOURCE, { uid: '', id: '', name: '', description: '', stream: [] });
  });

  app.get<{ Params: { uid: string } }>('/component_template/:uid', route('One component template', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const t = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, t.id], 'GET');
    return sendOk(reply, RESOURCE, templateJson(t, await unitsById(ctx, caller.org.key), await loadRollupVocabulary(ctx.store, caller.org.key)));
  });

  const put = (method: 'PUT' | 'POST') => async (req: FastifyRequest, reply: FastifyReply) => {
    const caller = callerOf(req);
    const org = caller.org;
    requireRight(caller, [RESOURCE], method);
    const o = wrapped(req.body, RESOURCE);
    const id = idText(o, 'id', `${RESOURCE}.id`);
    const uid = optUid(o, `${RESOURCE}.uid`);
    if (uid) {
      const named = await ctx.store.templates.get(org.key, uid);
      if (named && named.id !== id) throw badRequest(`${RESOURCE}.id: cannot change the id of template ${uid} from '${named.id}' to '${id}'`);
    }
    const name = optText(o, 'name', `${RESOURCE}.name`);
    const units = await ctx.store.units.list(org.key);
    const vocab = await loadRollupVocabulary(ctx.store, org.key);
    // the streams of a template are the definitions feeds create (compTmplId, dtId/dsId), rollup settings included
    const streams = o.stream === undefined || o.stream === null ? [] : parseStreams(o.stream, `${RESOURCE}.stream`, units, vocab);
    // the store keeps the uid of a template replaced by id and makes one for a new template
    const saved = await ctx.store.templates.put(org.key, { id, name: name?.trim() ? name : id, description: optText(o, 'description', `${RESOURCE}.description`) ?? '', streams });
    return sendOk(reply, RESOURCE, templateJson(saved, new Map(units.map((u) => [u.id, u])), vocab));
  };
  app.put('/component_template', route('Create or replace a component template (by id)', { body: templateBodySchema }), put('PUT'));
  app.post('/component_template', route('Same as PUT: create or replace a component template (by id)', { body: templateBodySchema }), put('POST'));

  app.delete<{ Params: { uid: string } }>('/component_template/:uid', route('Delete a component template', { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const t = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [RESOURCE, t.id], 'DELETE');
    await ctx.store.templates.delete(caller.org.key, t.uid);
    return sendOk(reply, undefined);
  });
}
