/**
 * Row ⇄ model mapping for cycles, rollup calendars and delete profiles, shared by the SQL
 * backends (same columns in both), and the checks both run before writing one.
 */
import { validateDeleteProfile } from '../domain/delete-profile.js';
import { badRequest } from '../domain/errors.js';
import type { DeleteProfile, StreamDef } from '../domain/model.js';
import { validateCycle, type Cycle, type SizeType } from '../rollup/cycle.js';
import { optNumber, rollupFromSql, type Row } from './rows.js';
import type { RetentionStream, StoredCalendar, StoredCycle } from './store.js';

export function cycleFromRow(r: Row): StoredCycle {
  const c: StoredCycle = {
    uid: String(r.uid),
    id: String(r.id),
    name: String(r.name),
    sizeType: String(r.size_type) as SizeType,
    count: Number(r.count),
    reference: String(r.reference),
  };
  // The column is NOT NULL with '' for "the component's zone"; the model leaves the field out then.
  const tz = String(r.timezone ?? '');
  if (tz !== '') c.timezone = tz;
  return c;
}

export function calendarFromRow(r: Row): StoredCalendar {
  return { uid: String(r.uid), id: String(r.id), name: String(r.name), cycleIds: JSON.parse(String(r.cycle_ids)) as string[] };
}

export function deleteProfileFromRow(r: Row): DeleteProfile {
  return { uid: String(r.uid), id: String(r.id), name: String(r.name), unit: String(r.unit) as DeleteProfile['unit'], count: Number(r.count) };
}

/** A row of deleteProfiles.streams' join: stream_pk, org_pk, zone, raw_from, stream_type, rollup and the profile's own columns. */
export function retentionStreamFromRow(r: Row): RetentionStream {
  return {
    streamKey: Number(r.stream_pk),
    orgKey: Number(r.org_pk),
    timezone: String(r.zone),
    profile: deleteProfileFromRow(r),
    rawFrom: optNumber(r.raw_from),
    stream: { streamType: String(r.stream_type) as StreamDef['streamType'], ...rollupFromSql(r.rollup) },
  };
}


/** Throws bad_request for a cycle validateCycle rejects (the API checks first; this keeps the store consistent for every caller). */
export function checkCycle(c: Cycle): void {
  const err = validateCycle(c);
  if (err) throw badRequest(err);
}

export function checkDeleteProfile(p: Pick<DeleteProfile, 'id' | 'unit' | 'count'>): void {
  const err = validateDeleteProfile(p);
  if (err) throw badRequest(err);
}
