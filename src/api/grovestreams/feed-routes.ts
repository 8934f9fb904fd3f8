/**
 * PUT /api/feed in both forms (URL-only and JSON body), GET /api/feed?asPut for gateways that
 * can only GET, and POST treated like PUT for HTTP stacks that cannot send PUT.
 * Success without rsid is 200 with an empty body (devices treat any body as an error);
 * with rsid it is the JSON object of requested last values, plus `missing` when this request
 * created components or streams.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../domain/errors.js';
import type { CreateOptions, CreatePermit, FeedItem, MissingItem } from '../../ingest/feed-input.js';
import { flag, one, type Query } from '../../lib/query-string.js';
import { callerOf, type GsContext } from './context.js';
import { parseFeedBody } from './feed-body.js';
import { canonicalQuery, parseUrlFeed } from './feed-url.js';
import { mayDo, requireRight, type GsCaller } from './gs-auth.js';
import { sendEmpty, sendJson } from './gs-reply.js';

function hasBody(body: unknown): boolean {
  return body !== undefined && body !== null && !(typeof body === 'string' && body.trim() === '');
}

function createOptions(q: Query): CreateOptions {
  const dtId = one(q, 'dtId');
  const dsId = one(q, 'dsId');
  if ((dtId === undefined) !== (dsId === undefined)) throw badRequest('cannot write feed: dtId and dsId go together');
  return {
    ...(one(q, 'compTmplId') ? { templateId: one(q, 'compTmplId') } : {}),
    ...(one(q, 'compName') ? { name: one(q, 'compName') } : {}),
    ...(one(q, 'folder') ? { folder: one(q, 'folder') } : {}),
    ...(dtId && dsId ? { streamTemplate: { templateId: dtId, streamId: dsId } } : {}),
  };
}

async function checkWriteRights(ctx: GsContext, caller: GsCaller, items: FeedItem[]): Promise<CreatePermit> {
  const checked = new Set<string>();
  for (const it of items) {
    if (checked.has(it.compId)) continue;
    checked.add(it.compId);
    const comp = await ctx.ingest.cache.get(caller.org.key, it.compId);
    requireRight(caller, ['component', it.compId, 'feed'], 'PUT', comp?.uid);
  }
  return {
    component: () => mayDo(caller, ['component'], 'PUT'),
    stream: (compId) => mayDo(caller, ['component', compId], 'PUT'),
  };
}

export function feedRoutes(app: FastifyInstance, ctx: GsContext, rateLimit: object | undefined): void {
  async function handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const caller = callerOf(req);
    const q = canonicalQuery(req.query as Query);
    const now = ctx.clock.now();
    let items: FeedItem[];
    let create = createOptions(q);
    let rsids: string[] = [];
    let rsidComp: string | undefined;
    if (hasBody(req.body)) {
      // The body has just been parsed, which is long for a big one: let requests that arrived
      // meanwhile (reads of last values, say) run before this write instead of after it.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const parsed = await parseFeedBody(req.body, one(q, 'compId'), (uid) => ctx.store.components.getByUid(caller.org.key, uid), now);
      items = parsed.items;
      create = { ...create, ...parsed.create };
      rsidComp = one(q, 'compId');
    } else {
      const url = parseUrlFeed(q, now);
      items = url.items;
      rsids = url.rsids;
      rsidComp = url.compId;
    }
    if (rsids.length > 0) requireRight(caller, ['component', rsidComp!, 'feed'], 'GET');
    const permit = await checkWriteRights(ctx, caller, items);
    const result = await ctx.ingest.write(caller.org, items, create, permit);
    if (rsids.length === 0) return sendEmpty(reply);
    return sendJson(reply, await rsidAnswer(ctx, caller, rsidComp!, rsids, result.missing));
  }

  const schema = {
    tags: ['GroveStreams'],
    summary: 'Insert or update samples (URL form or JSON body)',
    description:
      'URL form: compId, data (by stream position) or <streamId>=values, time | timeEl | freq, delim, rsid, compTmplId, compName, folder, dtId/dsId. ' +
      'JSON: [{"compId","streamId","data","time"?}] or {"feed":{"component":[...]}}. 200 with an empty body, or the rsid object.',
  };
  const config = (rateLimit ? { rateLimit } : {}) as Record<string, never>;
  app.put('/feed', { schema, config }, handle);
  app.post('/feed', { schema: { ...schema, summary: 'Same as PUT /api/feed, for HTTP stacks without PUT' }, config }, handle);
  app.get('/feed', { schema: { ...schema, summary: 'Same as PUT /api/feed when the asPut flag is present' }, config }, async (req, reply) => {
    if (!flag(canonicalQuery(req.query as Query), 'asPut')) {
      throw badRequest('GET /api/feed writes samples only with the asPut flag; read samples with GET /api/comp/{compId}/feed');
    }
    return handle(req, reply);
  });
}

async function rsidAnswer(ctx: GsContext, caller: GsCaller, compId: string, rsids: string[], missing: MissingItem[]) {
  const comp = await ctx.store.components.get(caller.org.key, compId);
  const streams = comp ? await ctx.store.samples.streams(comp.key) : [];
  const out: Record<string, unknown> = {};
  if (missing.length > 0) out.missing = missing;
  for (const id of rsids) out[id] = streams.find((s) => s.id === id)?.lastValue ?? null;
  return out;
}
