/**
 * What the advanced API's route modules share: the GroveStreams envelope, field checks whose
 * messages name the field, paging, folder paths, the uid-or-id lookups, and the list / blank /
 * get / delete routes of every resource addressed by uid or id (uidResourceRoutes).
 *
 * Route schemas here document requests for the OpenAPI page but are not enforced by Fastify
 * (`docOnly`): Fastify validates before the plugin's auth hook runs, so enforcing them would
 * answer 400 to a caller without an api_key. Every check is made in code after authentication.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { badRequest, conflict, notFound } from '../../../domain/errors.js';
import type { Component, Unit } from '../../../domain/model.js';
import { RESERVED_ID, reservedIdMessage } from '../../../domain/reserved-id.js';
import { folderPathOk } from '../../../ingest/ingest.js';
import { one, repeated, type Query } from '../../../lib/query-string.js';
import type { Page } from '../../../storage/store.js';
import { callerOf, type GsContext } from '../context.js';
import { requireRight } from '../gs-auth.js';
import { sendJson } from '../gs-reply.js';

export const TAGS = ['GroveStreams advanced'];
export const MAX_ID_LENGTH = 512;
const MAX_PAGE = 1000;
/** Components per page when a list asks for no limit (GroveStreams documents paging for components). */
export const DEFAULT_PAGE = 100;

/** A validator compiler that accepts everything: the schema is documentation (see above). */
export const docOnly = () => () => true;

/** Route options: OpenAPI documentation under the advanced tag, checked in code (docOnly). */
export const route = (summary: string, extra: object = {}) => ({ schema: { tags: TAGS, summary, ...extra }, validatorCompiler: docOnly });

/** `{"message":"","<resource>":value,"totalCount":n?,"success":true}` */
export function sendOk(reply: FastifyReply, resource: string | undefined, value?: unknown, totalCount?: number): FastifyReply {
  const body: Record<string, unknown> = { message: '' };
  if (resource !== undefined) body[resource] = value;
  if (totalCount !== undefined) body.totalCount = totalCount;
  body.success = true;
  return sendJson(reply, body);
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object under `key` of a body like {"unit":{...}}; 400 naming the expected shape otherwise. */
export function wrapped(body: unknown, key: string): Json {
  const o = isObject(body) ? body[key] : undefined;
  if (!isObject(o)) throw badRequest(`expected a JSON body like {"${key}":{...}}`);
  return o;
}

/** An optional text field: undefined when absent (or null), 400 when not text. */
export function optText(o: Json, key: string, field: string, max = 4096): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${field} must be text`);
  if (v.length > max) throw badRequest(`${field} is longer than ${max} characters`);
  return v;
}

/** A required id: non-empty text of at most 512 characters. */
export function idText(o: Json, key: string, field: string): string {
  const v = optText(o, key, field, MAX_ID_LENGTH);
  if (v === undefined || v === '') throw badRequest(`${field} is required`);
  return v;
}

/** An optional uid: '' and absent both mean "none given". */
export function optUid(o: Json, field: string): string | undefined {
  const v = optText(o, 'uid', field, 64);
  return v === undefined || v === '' ? undefined : v;
}

/** One value of a closed set, case-insensitive; undefined when absent. */
export function optEnum<T extends string>(o: Json, key: string, field: string, allowed: readonly T[]): T | undefined {
  const v = optText(o, key, field, 64);
  if (v === undefined) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
  if (!hit) throw badRequest(`${field} '${v}' is not one of ${allowed.join(', ')}`);
  return hit;
}

/** Which page of a list a request asks for. */
export interface PageRequest {
  start: number;
  limit: number;
}

/**
 * start/limit query parameters: start ≥ 0 (default 0), limit 1..1000 (larger is capped; by
 * default `defaultLimit`).
 */
function paging(q: Query, defaultLimit: number): PageRequest {
  const twice = repeated(q, ['start', 'limit']);
  if (twice) throw badRequest(`${twice.key} appears ${twice.n} times; give it once`);
  const num = (name: string, dflt: number, min: number) => {
    const raw = one(q, name);
    if (raw === undefined || raw.trim() === '') return dflt;
    if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < min) throw badRequest(`${name} must be a whole number of at least ${min}, got '${raw}'`);
    return Number(raw);
  };
  const limit = one(q, 'limit');
  return { start: num('start', 0, 0), limit: limit === undefined || limit.trim() === '' ? defaultLimit : Math.min(num('limit', defaultLimit, 1), MAX_PAGE) };
}

/** The start/limit query parameters of every list route, for the OpenAPI page. */
export const pagingQuery = {
  start: { type: 'string', description: 'offset, default 0' },
  limit: { type: 'string', description: `page size, at most ${MAX_PAGE}; default ${DEFAULT_PAGE} for components, the whole list otherwise` },
} as const;

/** One page of a list that is read whole (an org has a few dozen cycles, units, folders …). */
export function pageOf<T>(all: readonly T[], p: PageRequest): Page<T> {
  return { items: all.slice(p.start, p.start + p.limit), total: all.length };
}

/**
 * The answer of every list route: the page the query's `start` and `limit` ask for (paging),
 * printed, with the whole list's size as `totalCount`. `load` reads that page: the store pages
 * components itself, other lists are read whole and sliced (pageOf). Without a `limit`, a page
 * is `defaultLimit` long: components come 100 at a time, as GroveStreams documents; the lists
 * it documents no paging for (units, templates, cycles, calendars, …) come whole, as clients
 * that do not page expect.
 */
export async function sendList<T>(
  reply: FastifyReply, resource: string, q: Query, load: (p: PageRequest) => Promise<Page<T>>, print: (t: T) => unknown, defaultLimit = Infinity,
): Promise<FastifyReply> {
  const page = await load(paging(q, defaultLimit));
  return sendOk(reply, resource, page.items.map(print), page.total);
}

/**
 * A folder path as stored: '' (no folder) or "/Components[/...]". Accepts "Components/x" and a
 * trailing slash; rejects empty, "." and ".." levels.
 */
export function folderPath(raw: string, field: string): string {
  let p = raw.trim();
  if (p === '') return '';
  if (!p.startsWith('/')) p = `/${p}`;
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  const parts = p.split('/').slice(1);
  if (parts.some((s) => s.trim() === '' || s === '.' || s === '..')) throw badRequest(`${field} '${raw}' has an empty or relative level`);
  if (!folderPathOk(p)) throw badRequest(`${field} '${raw}' must start with /Components`);
  if (p.length > 4096) throw badRequest(`${field} is longer than 4096 characters`);
  return p;
}

/**
 * A new object's id: 400 when it is the reserved 'new' (domain/reserved-id.ts). `exists` says
 * whether the org has an object with that id already (stored before the id was reserved), which
 * routes that insert or replace by id may still replace.
 */
export async function checkNewId(id: string, resource: string, label: string, exists: () => Promise<boolean> = async () => false): Promise<void> {
  if (id === RESERVED_ID && !(await exists())) throw badRequest(reservedIdMessage(`${resource}.id`, resource, label));
}

/**
 * A `{uid}` path segment: 'new' there means the blank object (GET …/new), so no other route
 * takes it for an id, not even to reach an object stored with that id before it was reserved
 * (its uid still does).
 */
function pathRef(uidOrId: string, resource: string, label: string): string {
  if (uidOrId === RESERVED_ID) throw badRequest(`'${RESERVED_ID}' names no ${label}: /api/${resource}/new is a blank one; address a ${label} by its uid or id`);
  return uidOrId;
}

/** A component of the caller's org by uid or, failing that, by id; 404 otherwise (also for other tenants'). */
export async function componentByUidOrId(ctx: GsContext, orgKey: number, uidOrId: string): Promise<Component> {
  pathRef(uidOrId, 'component', 'component');
  const c = (await ctx.store.components.getByUid(orgKey, uidOrId)) ?? (await ctx.store.components.get(orgKey, uidOrId));
  if (!c) throw notFound(`unknown component '${uidOrId}'`);
  return c;
}

/**
 * Every component of the org, page by page (for what has to look at all of them: folder item
 * counts, the streams of a calendar).
 */
export async function* eachComponent(ctx: GsContext, orgKey: number): AsyncGenerator<Component> {
  for (let start = 0; ; start += MAX_PAGE) {
    const page = await ctx.store.components.list(orgKey, { start, limit: MAX_PAGE });
    yield* page.items;
    if (page.items.length < MAX_PAGE || start + MAX_PAGE >= page.total) return;
  }
}

/** The org's units by id (what streams refer to). */
export async function unitsById(ctx: GsContext, orgKey: number): Promise<Map<string, Unit>> {
  return new Map((await ctx.store.units.list(orgKey)).map((u) => [u.id, u]));
}

/** Looks up an object of the caller's org by uid or id (what the store's `get(orgKey, idOrUid)` does). */
export type UidOrIdLookup<T> = (uidOrId: string) => Promise<T | undefined>;

/**
 * PUT (insert): the body's `<resource>.id`, after checking that it is not the reserved 'new' (400)
 * and that neither its uid (409 `<label> uid X exists (POST updates a <label>)`) nor its id (409
 * `a <noun> with that id exists`) is taken.
 */
export async function newIdForInsert(o: Json, resource: string, label: string, noun: string, get: UidOrIdLookup<{ id: string }>): Promise<string> {
  const id = idText(o, 'id', `${resource}.id`);
  await checkNewId(id, resource, label);
  const uid = optUid(o, `${resource}.uid`);
  if (uid && (await get(uid))) throw conflict(`${label} uid ${uid} exists (POST updates a ${label})`);
  if ((await get(id))?.id === id) throw conflict(`cannot create ${label} '${id}': a ${noun} with that id exists (POST updates it)`);
  return id;
}

/** POST (update): the object the body names by `uid` if given, else by `id`; 404 when there is none. */
export async function currentForUpdate<T extends { id: string; uid: string }>(o: Json, resource: string, label: string, get: UidOrIdLookup<T>): Promise<T> {
  const uid = optUid(o, `${resource}.uid`);
  if (uid) {
    const cur = await get(uid);
    if (cur?.uid !== uid) throw notFound(`unknown ${label} uid ${uid}`);
    return cur;
  }
  const id = idText(o, 'id', `${resource}.id (or uid)`);
  const cur = await get(id);
  if (cur?.id !== id) throw notFound(`unknown ${label} '${id}' (PUT creates a ${label})`);
  return cur;
}

/** POST (update): the body's id, which may be left out but cannot differ from `cur`'s (400, saying `why`). */
export function idForUpdate(o: Json, resource: string, label: string, cur: { id: string; uid: string }, why: string): string {
  const id = optText(o, 'id', `${resource}.id`, MAX_ID_LENGTH) || cur.id;
  if (id !== cur.id) throw badRequest(`${resource}.id: cannot change the id of ${label} ${cur.uid} from '${cur.id}' to '${id}' (${why})`);
  return id;
}

/** Path parameter and query-string documentation shared by the routes. */
export const uidParam = {
  type: 'object',
  properties: { uid: { type: 'string', description: 'the uid or, failing that, the id' } },
  required: ['uid'],
} as const;

/** What the stores of the resources addressed by uid or id share (store.cycles, .calendars, .deleteProfiles, .units, .templates). */
export interface UidRepo<T> {
  list(orgKey: number): Promise<T[]>;
  /** by id or uid */
  get(orgKey: number, idOrUid: string): Promise<T | undefined>;
  /** false when unknown */
  delete(orgKey: number, idOrUid: string): Promise<boolean>;
}

export interface UidResource<T extends { id: string; uid: string }> {
  /** the path, the envelope key and the rights resource, e.g. 'rollup_calendar' */
  resource: string;
  /** one of them in messages and summaries, e.g. 'rollup calendar' */
  label: string;
  repo: UidRepo<T>;
  /** what GET …/new answers */
  blank: unknown;
  /** the JSON printer for one request: loads what the objects refer to (cycles, units, …) once */
  printer(orgKey: number): Promise<(t: T) => unknown>;
  /** the DELETE route's summary (says what prevents a delete) */
  deleteSummary: string;
  /** after a delete, e.g. to forget a cache */
  afterDelete?(orgKey: number): void;
}

/**
 * GET `/<resource>` (paged list with totalCount), GET `/<resource>/new`, GET `/<resource>/{uid}` and
 * DELETE `/<resource>/{uid}`, the same for every resource addressed by uid or id. Rights:
 * `<resource>` for the list and the blank, `<resource>/<id>` for one object. PUT and POST,
 * which differ per resource, stay in the resource's route module.
 */
export function uidResourceRoutes<T extends { id: string; uid: string }>(app: FastifyInstance, r: UidResource<T>): void {
  const { resource, label, repo } = r;
  async function byUidOrId(orgKey: number, uidOrId: string): Promise<T> {
    const found = await repo.get(orgKey, pathRef(uidOrId, resource, label));
    if (!found) throw notFound(`unknown ${label} '${uidOrId}'`);
    return found;
  }

  app.get(`/${resource}`, route(`List ${label}s (paged)`, { querystring: { type: 'object', properties: pagingQuery } }), async (req, reply) => {
    const caller = callerOf(req);
    requireRight(caller, [resource], 'GET');
    const print = await r.printer(caller.org.key);
    return sendList(reply, resource, req.query as Query, async (p) => pageOf(await repo.list(caller.org.key), p), print);
  });

  app.get(`/${resource}/new`, route(`A blank ${label} to fill in and PUT`), async (req, reply) => {
    requireRight(callerOf(req), [resource], 'GET');
    return sendOk(reply, resource, r.blank);
  });

  app.get<{ Params: { uid: string } }>(`/${resource}/:uid`, route(`One ${label}`, { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const found = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [resource, found.id], 'GET');
    return sendOk(reply, resource, (await r.printer(caller.org.key))(found));
  });

  app.delete<{ Params: { uid: string } }>(`/${resource}/:uid`, route(r.deleteSummary, { params: uidParam }), async (req, reply) => {
    const caller = callerOf(req);
    const found = await byUidOrId(caller.org.key, req.params.uid);
    requireRight(caller, [resource, found.id], 'DELETE');
    if (!(await repo.delete(caller.org.key, found.uid))) throw notFound(`unknown ${label} '${req.params.uid}'`);
    r.afterDelete?.(caller.org.key);
    return sendOk(reply, undefined);
  });
}
