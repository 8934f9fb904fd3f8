/**
 * References from a stream to an org entity (unit, cycle, rollup calendar, delete profile), as
 * GroveStreams bodies write them: {"uid":"..."}, {"id":"..."}, the bare id "...", or a blank
 * ({"uid":""}, "" or null) for none. Printed back as {"id","uid"}.
 */
import { badRequest } from '../../../domain/errors.js';
import { isObject, optText, optUid, type Json } from './common.js';

export interface Referable {
  id: string;
  uid: string;
}

export interface RefJson {
  id: string;
  uid: string;
}

/**
 * The id of the entity `o[key]` names: undefined when the key is absent, null for a blank,
 * 400 naming `${field}.${key}` when it is malformed or names nothing in `list`.
 */
export function refIdOf(o: Json, key: string, field: string, noun: string, list: readonly Referable[]): string | null | undefined {
  if (!(key in o) || o[key] === undefined) return undefined;
  const v = o[key];
  const where = `${field}.${key}`;
  if (v === null || v === '') return null;
  let ref: string | undefined;
  if (typeof v === 'string') ref = v;
  else if (isObject(v)) {
    ref = optUid(v, `${where}.uid`) ?? optText(v, 'id', `${where}.id`, 512);
    if (ref === undefined || ref === '') return null;
  } else throw badRequest(`${where} must be {"uid":"..."}, {"id":"..."} or null`);
  const hit = list.find((x) => x.uid === ref) ?? list.find((x) => x.id === ref);
  if (!hit) throw badRequest(`${where}: unknown ${noun} '${ref}'`);
  return hit.id;
}

/** {"id","uid"} of the entity with this id; uid '' when the org no longer has it. */
export function refJson(id: string, list: readonly Referable[]): RefJson {
  return { id, uid: list.find((x) => x.id === id)?.uid ?? '' };
}
