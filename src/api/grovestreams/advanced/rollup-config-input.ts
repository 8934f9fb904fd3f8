/**
 * Reading cycle, rollup calendar and delete profile bodies: GroveStreams field names, messages
 * that name the field, and (for POST) fields left out keep their current values.
 */
import { DELETE_RANGE_TYPES, validateDeleteProfile } from '../../../domain/delete-profile.js';
import { badRequest } from '../../../domain/errors.js';
import { canonicalTimeZone } from '../../../domain/time-zone.js';
import type { DeleteProfile } from '../../../domain/model.js';
import { SIZE_TYPES, validateCycle, type Cycle, type SizeType } from '../../../rollup/cycle.js';
import type { StoredCalendar, StoredCycle } from '../../../storage/store.js';
import { optEnum, optText, type Json } from './common.js';
import { refId } from './entity-ref.js';

/** A whole number given as a JSON number or as digits in text (some clients send every field as text). */
function optWholeNumber(o: Json, key: string, field: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{1,15}\s*$/.test(v)) return Number(v);
  throw badRequest(`${field} must be a whole number, got ${JSON.stringify(v)}`);
}

/** The name given, else the current one, else the id ('' counts as not given). */
function nameOf(o: Json, field: string, id: string, cur?: { name: string }): string {
  const name = optText(o, 'name', field);
  return name?.trim() ? name : (cur?.name ?? id);
}

export function readCycle(o: Json, id: string, cur?: StoredCycle): Cycle {
  const raw = optText(o, 'intvlSizeType', 'cycle.intvlSizeType', 64);
  if (raw?.trim().toUpperCase() === 'CUSTOM') throw badRequest('cycle.intvlSizeType: CUSTOM cycles are not supported; use one of ' + SIZE_TYPES.join(', '));
  const sizeType: SizeType | undefined = optEnum(o, 'intvlSizeType', 'cycle.intvlSizeType', SIZE_TYPES) ?? cur?.sizeType;
  if (sizeType === undefined) throw badRequest(`cycle.intvlSizeType is required (one of ${SIZE_TYPES.join(', ')})`);
  const c: Cycle = {
    id,
    name: nameOf(o, 'cycle.name', id, cur),
    sizeType,
    count: optWholeNumber(o, 'numSizeTypesPerIntvl', 'cycle.numSizeTypesPerIntvl') ?? cur?.count ?? 1,
    reference: optText(o, 'referenceDate', 'cycle.referenceDate', 64)?.trim() ?? cur?.reference ?? '2000-01-01T00:00:00',
  };
  const tzText = optText(o, 'timezoneId', 'cycle.timezoneId', 64)?.trim();
  // an unknown zone is kept for validateCycle, which names it
  const tz = tzText === undefined ? (cur?.timezone ?? '') : tzText === '' ? '' : (canonicalTimeZone(tzText) ?? tzText);
  if (tz !== '') c.timezone = tz;
  const err = validateCycle(c);
  if (err) throw badRequest(err);
  return c;
}

/**
 * A calendar's cycle ids from `cycles` (GroveStreams' GET shows `cycle`, accepted too): each a
 * reference to one of the org's cycles as a stream's baseCycle is written (entity-ref.ts refId).
 */
export function readCalendarCycles(o: Json, orgCycles: readonly StoredCycle[], cur?: StoredCalendar): string[] {
  const key = o.cycles !== undefined && o.cycles !== null ? 'cycles' : 'cycle';
  const list = o[key];
  const field = `rollup_calendar.${key}`;
  if (list === undefined || list === null) {
    if (cur) return cur.cycleIds;
    throw badRequest('rollup_calendar.cycles is required: a list like [{"id":"hour"},{"uid":"..."}]');
  }
  if (!Array.isArray(list)) throw badRequest(`${field} must be a list like [{"id":"hour"},{"uid":"..."}]`);
  return list.map((item: unknown, i) => {
    const f = `${field}[${i}]`;
    const id = refId(item, f, 'cycle', orgCycles);
    if (id === null) throw badRequest(`${f} needs a uid or an id`);
    return id;
  });
}

export function readCalendarName(o: Json, id: string, cur?: StoredCalendar): string {
  return nameOf(o, 'rollup_calendar.name', id, cur);
}

export function readDeleteProfile(o: Json, id: string, cur?: DeleteProfile): Omit<DeleteProfile, 'uid'> {
  const unit = optEnum(o, 'deleteRangeType', 'delete_profile.deleteRangeType', DELETE_RANGE_TYPES) ?? cur?.unit;
  if (unit === undefined) throw badRequest(`delete_profile.deleteRangeType is required (one of ${DELETE_RANGE_TYPES.join(', ')})`);
  const p = { id, name: nameOf(o, 'delete_profile.name', id, cur), unit, count: optWholeNumber(o, 'numRangeTypes', 'delete_profile.numRangeTypes') ?? cur?.count ?? 1 };
  const err = validateDeleteProfile(p);
  if (err) throw badRequest(err);
  return p;
}
