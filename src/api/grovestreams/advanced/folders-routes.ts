/**
 * Component folders (notes §4): the content-repository view GET cr/comp and folder creation
 * PUT component_folder. Folder paths are "/Components/..." ("Components/..." is accepted too);
 * a node is {id, uid, text, fullPath, parentUid} plus folderCount/itemCount with childCounts.
 * Folders are also created on the way by components and feeds naming a folder.
 * Rights: `component_folder`.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest, conflict, notFound } from '../../../domain/errors.js';
import type { Folder } from '../../../domain/model.js';
import { flag, one, type Query } from '../../../lib/query-string.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { eachComponent, folderPath, isObject, pageOf, pagingQuery, route, sendList, sendOk } from './common.js';

const RESOURCE = 'component_folder';
const ROOT = '/Components';

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/'));

function nodeJson(f: Folder, all: Folder[], counts?: { items: Map<string, number> }) {
  const parent = all.find((p) => p.path === parentOf(f.path));
  const node: Record<string, unknown> = { id: f.uid, uid: f.uid, text: f.path.slice(f.path.lastIndexOf('/') + 1), fullPath: f.path, parentUid: parent?.uid ?? '' };
  if (counts) {
    node.folderCount = all.filter((c) => parentOf(c.path) === f.path).length;
    node.itemCount = counts.items.get(f.path) ?? 0;
  }
  return node;
}

export function foldersRoutes(app: FastifyInstance, ctx: GsContext): void {
  /** Components per folder path (only for childCounts: it reads every component). */
  async function itemCounts(orgKey: number): Promise<{ items: Map<string, number> }> {
    const items = new Map<string, number>();
    for await (const c of eachComponent(ctx, orgKey)) if (c.folderPath) items.set(c.folderPath, (items.get(c.folderPath) ?? 0) + 1);
    return { items };
  }

  app.get(
    '/cr/comp',
    route('List component folders (paged)', {
      querystring: {
        type: 'object',
        properties: {
          byFolderPath: { type: 'string', description: 'only the folders directly in this one (e.g. "Components/site 1"); default: every folder' },
          childCounts: { type: 'string', description: 'flag: add folderCount and itemCount' },
          fullPath: { type: 'string', description: 'accepted; fullPath is always included' },
          ...pagingQuery,
        },
      },
    }),
    async (req, reply) => {
      const caller = callerOf(req);
      requireRight(caller, [RESOURCE], 'GET');
      const q = req.query as Query;
      const all = await ctx.store.folders.list(caller.org.key);
      let nodes = all;
      const by = one(q, 'byFolderPath');
      if (by !== undefined && by !== '') {
        const path = folderPath(by, 'byFolderPath');
        if (path !== ROOT && !all.some((f) => f.path === path)) throw notFound(`unknown folder '${by}'`);
        nodes = all.filter((f) => parentOf(f.path) === path);
      }
      const counts = flag(q, 'childCounts') ? await itemCounts(caller.org.key) : undefined;
      return sendList(reply, 'cr_node', q, async (p) => pageOf(nodes, p), (f) => nodeJson(f, all, counts));
    },
  );

  app.get<{ Params: { uid: string } }>(
    '/cr/comp/:uid',
    route('One component folder, with its counts', { params: { type: 'object', properties: { uid: { type: 'string' } }, required: ['uid'] } }),
    async (req, reply) => {
      const caller = callerOf(req);
      requireRight(caller, [RESOURCE], 'GET');
      const all = await ctx.store.folders.list(caller.org.key);
      const f = all.find((x) => x.uid === req.params.uid);
      if (!f) throw notFound(`unknown folder '${req.params.uid}'`);
      return sendOk(reply, 'cr_node', nodeJson(f, all, await itemCounts(caller.org.key)));
    },
  );

  app.put(
    '/component_folder',
    route('Create a component folder', {
      description: 'Either text (the new folder\'s name) with parentFolderPath (default /Components) or parentFolderUid, or a path (query or body {"path":...}) whose missing levels are all created. 409 when the folder exists.',
      querystring: {
        type: 'object',
        properties: { text: { type: 'string' }, parentFolderPath: { type: 'string' }, parentFolderUid: { type: 'string' }, path: { type: 'string' } },
      },
      body: { type: 'object', properties: { path: { type: 'string', description: 'e.g. "/Components/site 1/meters"' } } },
    }),
    async (req, reply) => {
      const caller = callerOf(req);
      const orgKey = caller.org.key;
      requireRight(caller, [RESOURCE], 'PUT');
      const q = req.query as Query;
      const all = await ctx.store.folders.list(orgKey);
      const body = isObject(req.body) ? (isObject(req.body.component_folder) ? req.body.component_folder : req.body) : undefined;
      const rawPath = body?.path ?? one(q, 'path');
      const text = one(q, 'text');
      let path: string;
      if (rawPath !== undefined) {
        if (typeof rawPath !== 'string' || rawPath.trim() === '') throw badRequest('path must be a folder path such as "/Components/site 1"');
        if (text !== undefined) throw badRequest('give either a path or text (with a parent folder), not both');
        path = folderPath(rawPath, 'path');
        if (path === ROOT) throw conflict(`folder '${ROOT}' exists`);
      } else {
        if (text === undefined || text.trim() === '') throw badRequest('text (the new folder\'s name) or path is required');
        if (text.includes('/') || text.trim() === '.' || text.trim() === '..') throw badRequest(`text '${text}' cannot contain '/' or be '.' or '..'`);
        const parentUid = one(q, 'parentFolderUid');
        let parent: string;
        if (parentUid) {
          const p = all.find((f) => f.uid === parentUid);
          if (!p) throw notFound(`unknown parent folder uid ${parentUid}`);
          parent = p.path;
        } else {
          parent = folderPath(one(q, 'parentFolderPath') || ROOT, 'parentFolderPath');
          if (parent !== ROOT && !all.some((f) => f.path === parent)) throw notFound(`unknown parent folder '${parent}'`);
        }
        path = folderPath(`${parent}/${text.trim()}`, 'text');
      }
      if (all.some((f) => f.path === path)) throw conflict(`folder '${path}' exists`);
      const created = await ctx.store.folders.ensure(orgKey, path);
      return sendOk(reply, 'cr_node', nodeJson(created, await ctx.store.folders.list(orgKey)));
    },
  );
}
