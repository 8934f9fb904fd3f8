/**
 * JSON bodies of PUT /api/feed: the simple API's array of {compId, streamId, data, time?}
 * (data and time may also be parallel arrays), and the legacy advanced bodies real clients
 * still send to the same URL (notes §3): {"feed":{"time":[..]?, "component":[{componentId |
 * componentUid, compTmplId?, defaults?, stream:[{streamId | streamUid, data, time?, defaults?}]}]}}.
 * Dispatch: an array is the simple form; an object with `feed` is the advanced form.
 */
import { badRequest } from '../../domain/errors.js';
import type { Component, StreamDef } from '../../domain/model.js';
import { isValidTime } from '../../domain/time.js';
import { normalizeValueType } from '../../domain/values.js';
import type { CreateOptions, FeedItem, RawSample } from '../../ingest/feed-input.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface BodyFeed {
  items: FeedItem[];
  create: Pick<CreateOptions, 'componentDefaults' | 'streamDefaults'>;
}

/** Looks components up by uid for bodies that name them that way. */
export type ComponentByUid = (uid: string) => Promise<Component | undefined>;

function idText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

function samplesOf(where: string, data: unknown, time: unknown, now: number): RawSample[] {
  const checkTime = (t: unknown): number => {
    if (!isValidTime(t)) throw badRequest(`cannot read ${where}: time '${JSON.stringify(t)}' is not epoch milliseconds`);
    return t;
  };
  if (Array.isArray(data)) {
    if (!data.every(isScalar)) throw badRequest(`cannot read ${where}: data values must be numbers, text, booleans or null`);
    if (time === undefined || time === null) {
      if (data.length > 1) throw badRequest(`cannot read ${where}: ${data.length} data values need a time array of the same length`);
      return data.map((value) => ({ time: now, value }));
    }
    if (!Array.isArray(time) || time.length !== data.length) {
      throw badRequest(`cannot read ${where}: data has ${data.length} values but time has ${Array.isArray(time) ? time.length : 'no list of'} times`);
    }
    return data.map((value, i) => ({ time: checkTime(time[i]), value }));
  }
  if (!isScalar(data)) throw badRequest(`cannot read ${where}: data must be a number, text, boolean, null or a list of them`);
  if (data === undefined) throw badRequest(`cannot read ${where}: data is missing`);
  return [{ time: time === undefined || time === null ? now : checkTime(Array.isArray(time) && time.length === 1 ? time[0] : time), value: data }];
}

function simpleItems(body: unknown[], defaultCompId: string | undefined, now: number): FeedItem[] {
  // Hot path (thousands of items per request): the item's description is built only for errors.
  const items = new Array<FeedItem>(body.length);
  for (let i = 0; i < body.length; i++) {
    const el = body[i];
    if (!isObj(el)) throw badRequest(`cannot read item #${i + 1}: expected an object with compId, streamId and data`);
    const compId = idText(el.compId) ?? defaultCompId;
    if (!compId) throw badRequest(`cannot read item #${i + 1}: compId is missing`);
    const streamId = idText(el.streamId);
    if (streamId === undefined || streamId === '') throw badRequest(`cannot read item #${i + 1}: streamId is missing`);
    const { data, time } = el;
    // One scalar with a valid time, the common case, is what samplesOf would return for it.
    const samples = isScalar(data) && isValidTime(time) ? [{ time, value: data }] : samplesOf(`item #${i + 1}`, data, time, now);
    items[i] = { compId, stream: { id: streamId }, samples };
  }
  return items;
}

function streamDefaults(d: unknown): Partial<StreamDef> {
  if (!isObj(d)) return {};
  const out: Partial<StreamDef> = {};
  if (typeof d.name === 'string') out.name = d.name;
  if (typeof d.description === 'string') out.description = d.description;
  if (typeof d.valueType === 'string') {
    const vt = normalizeValueType(d.valueType);
    if (!vt) throw badRequest(`cannot read stream defaults: unknown valueType '${d.valueType}'`);
    out.valueType = vt;
    out.autoTyped = false;
  }
  if (d.streamType === 'rdm_stream' || d.streamType === 'intvl_stream' || d.streamType === 'point_stream') out.streamType = d.streamType;
  if (typeof d.unitId === 'string' && d.unitId !== '' && d.unitId !== 'noSymbol') out.unitId = d.unitId;
  return out;
}

async function advancedItems(feed: Obj, byUid: ComponentByUid, now: number): Promise<BodyFeed> {
  if (!Array.isArray(feed.component)) throw badRequest('cannot read feed: feed.component must be a list');
  const items: FeedItem[] = [];
  const componentDefaults: NonNullable<CreateOptions['componentDefaults']> = {};
  const streamDefs: NonNullable<CreateOptions['streamDefaults']> = {};
  for (const [ci, c] of feed.component.entries()) {
    const where = `feed.component #${ci + 1}`;
    if (!isObj(c)) throw badRequest(`cannot read ${where}: expected an object`);
    let comp: Component | undefined;
    let compId = idText(c.componentId) ?? idText(c.compId);
    if (compId === undefined && typeof c.componentUid === 'string') {
      comp = await byUid(c.componentUid);
      if (!comp) throw badRequest(`cannot read ${where}: unknown componentUid '${c.componentUid}'`);
      compId = comp.id;
    }
    if (!compId) throw badRequest(`cannot read ${where}: componentId or componentUid is required`);
    const d = isObj(c.defaults) ? c.defaults : {};
    componentDefaults[compId] = {
      ...(typeof d.name === 'string' ? { name: d.name } : {}),
      ...(typeof d.description === 'string' ? { description: d.description } : {}),
      ...(typeof d.folderPath === 'string' && d.folderPath !== '' ? { folder: d.folderPath } : {}),
      ...(typeof c.compTmplId === 'string' && c.compTmplId !== '' ? { templateId: c.compTmplId } : {}),
    };
    if (!Array.isArray(c.stream)) throw badRequest(`cannot read ${where}: stream must be a list`);
    for (const [si, s] of c.stream.entries()) {
      const sw = `${where} stream #${si + 1}`;
      if (!isObj(s)) throw badRequest(`cannot read ${sw}: expected an object`);
      let streamId = idText(s.streamId);
      if (streamId === undefined && typeof s.streamUid === 'string') {
        streamId = comp?.streams.find((x) => x.uid === s.streamUid)?.id;
        if (streamId === undefined) throw badRequest(`cannot read ${sw}: unknown streamUid '${s.streamUid}'`);
      }
      if (!streamId) throw badRequest(`cannot read ${sw}: streamId or streamUid is required`);
      const defs = streamDefaults(s.defaults);
      if (Object.keys(defs).length > 0) streamDefs[`${compId}\u0000${streamId}`] = defs;
      items.push({ compId, stream: { id: streamId }, samples: samplesOf(sw, s.data, s.time ?? feed.time, now) });
    }
  }
  return { items, create: { componentDefaults, streamDefaults: streamDefs } };
}

export async function parseFeedBody(body: unknown, defaultCompId: string | undefined, byUid: ComponentByUid, now: number): Promise<BodyFeed> {
  if (Array.isArray(body)) return { items: simpleItems(body, defaultCompId, now), create: {} };
  if (isObj(body) && isObj(body.feed)) return advancedItems(body.feed, byUid, now);
  throw badRequest('cannot read feed: expected a JSON array of {compId, streamId, data, time} or a {"feed":{...}} object');
}
