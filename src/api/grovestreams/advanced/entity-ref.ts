/**
 * References from a stream to an org entity (unit, cycle, rollup calendar, delete profile), as
 * GroveStreams bodies write them: {"uid":"..."}, {"id":"..."}, the bare id "...", or a blank
 * ({"uid":""}, "" or null) for none. Printed back as {"id","uid"}.
 */
import { badRequest } from '../../../domain/errors.js';
import { isObject, MAX_ID_LENGTH, optText, optUid, type Json } from './common.js';

export interface Referable {
  id: string;
  uid: string;
}

/** How a reference prints: {"id","uid"}. */
export type RefJson = Referable;

/**
 * The id of the entity `v` names ({"uid":..}, {"id":..} or the bare id), looked up in `list` by
 * uid, then id: null for a blank, 400 naming `where` when it is malformed or names nothing.
 */
export function refId(v: unknown, where: string, noun: string, list: readonly Referable[]): string | null {
  if (v === null || v === '') return null;
  let ref: string | undefined;
  if (typeof v === 'string') ref = v;
  else if (isObject(v)) {
    ref = optUid(v, `${where}.uid`) ?? optText(v, 'id', `${where}.id`, MAX_ID_LENGTH);
    if (ref === undefined || ref === '') return null;
  } else throw badRequest(`${where} must be {"uid":"..."}, {"id":"..."} or a ${noun} id`);
  const hit = list.find((x) => x.uid === ref) ?? list.find((x) => x.id === ref);
  if (!hit) throw badRequest(`${where}: unknown ${noun} '${ref}'`);
  return hit.id;
}

/** The id of the entity `o[key]` names (see refId), named `${field}.${key}` in messages; undefined when the key is absent. */
export function refIdOf(o: Json, key: string, field: string, noun: string, list: readonly Referable[]): string | null | undefined {
  return o[key] === undefined ? undefined : refId(o[key], `${field}.${key}`, noun, list);
}

/** {"id","uid"} of the entity with this id; uid '' when the org no longer has it. */
export function refJson(id: string, list: readonly Referable[]): RefJson {
  return { id, uid: list.find((x) => x.id === id)?.uid ?? '' };
}
