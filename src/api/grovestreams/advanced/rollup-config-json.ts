/**
 * The advanced API's JSON for cycles, rollup calendars and delete profiles, with GroveStreams'
 * field names (notes §1.5, §4): cycle {uid,id,name,intvlSizeType,numSizeTypesPerIntvl,
 * referenceDate,timezoneId}, rollup_calendar {uid,id,name,cycles:[{uid,id,name}]},
 * delete_profile {uid,id,name,deleteRangeType,numRangeTypes}. A blank timezoneId means the
 * component's zone.
 */
import type { DeleteProfile } from '../../../domain/model.js';
import type { StoredCalendar, StoredCycle } from '../../../storage/store.js';

export function cycleJson(c: StoredCycle) {
  return {
    uid: c.uid,
    id: c.id,
    name: c.name,
    intvlSizeType: c.sizeType,
    numSizeTypesPerIntvl: c.count,
    referenceDate: c.reference,
    timezoneId: c.timezone ?? '',
  };
}

/** GET cycle/new: a one-hour cycle starting at midnight, in the component's zone; PUT it back with an id. */
export const BLANK_CYCLE = Object.freeze({ uid: '', id: '', name: '', intvlSizeType: 'HOUR', numSizeTypesPerIntvl: 1, referenceDate: '2000-01-01T00:00:00', timezoneId: '' });

/** `cycles` lists each member by uid and id, smallest first (a calendar's cycles are stored in chain order). */
export function calendarJson(c: StoredCalendar, cyclesById: ReadonlyMap<string, StoredCycle>) {
  return {
    uid: c.uid,
    id: c.id,
    name: c.name,
    cycles: c.cycleIds.map((id) => {
      const cy = cyclesById.get(id);
      return { uid: cy?.uid ?? '', id, name: cy?.name ?? id };
    }),
  };
}

export const BLANK_CALENDAR = Object.freeze({ uid: '', id: '', name: '', cycles: [] });

export function deleteProfileJson(p: DeleteProfile) {
  return { uid: p.uid, id: p.id, name: p.name, deleteRangeType: p.unit, numRangeTypes: p.count };
}

export const BLANK_DELETE_PROFILE = Object.freeze({ uid: '', id: '', name: '', deleteRangeType: 'MONTH', numRangeTypes: 1 });
