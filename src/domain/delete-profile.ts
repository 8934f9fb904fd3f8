/**
 * Delete profiles (GroveStreams `delete_profile`): raw samples older than `count` × `unit` are
 * removed by the retention job; rollups stay. The units are GroveStreams' delete range types.
 */
import type { DeleteProfile } from './model.js';

export const DELETE_RANGE_TYPES: readonly DeleteProfile['unit'][] = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'];

/** Large enough for any real retention (a million years), small enough to keep date arithmetic finite. */
const MAX_DELETE_RANGE_COUNT = 1_000_000;

/** Error text for an unusable profile, or null. A count of 0 would delete everything at once, so it is refused. */
export function validateDeleteProfile(p: Pick<DeleteProfile, 'id' | 'unit' | 'count'>): string | null {
  if (p.id.trim() === '') return 'a delete profile needs an id';
  if (!DELETE_RANGE_TYPES.includes(p.unit)) return `delete profile '${p.id}': unknown range type '${p.unit}' (one of ${DELETE_RANGE_TYPES.join(', ')})`;
  if (!Number.isSafeInteger(p.count) || p.count < 1 || p.count > MAX_DELETE_RANGE_COUNT) {
    return `delete profile '${p.id}': the number of range types must be a whole number from 1 to ${MAX_DELETE_RANGE_COUNT}`;
  }
  return null;
}
