/**
 * The instant before which a delete profile removes raw samples: now − count × unit. MINUTE and
 * HOUR are fixed lengths; DAY, WEEK, MONTH and YEAR count on the wall clock of the component's
 * zone, as cycles do (rollup/cycle.ts), so "1 DAY" keeps the same local time yesterday across a
 * DST change and "1 MONTH" from 31 March is the last day of February. The wall-to-instant step
 * is rollup/local-time's, which is deterministic where the local time is ambiguous or skipped.
 */
import type { DeleteProfile } from '../domain/model.js';
import { addMonths, DAY_MS, epochToWall, wallToEpoch } from '../rollup/local-time.js';

const FIXED_MS: Partial<Record<DeleteProfile['unit'], number>> = { MINUTE: 60_000, HOUR: 3_600_000 };

export function retentionCutoff(now: number, profile: Pick<DeleteProfile, 'unit' | 'count'>, zone: string): number {
  const fixed = FIXED_MS[profile.unit];
  if (fixed !== undefined) return now - profile.count * fixed;
  const wall = epochToWall(now, zone);
  switch (profile.unit) {
    case 'DAY': return wallToEpoch(wall - profile.count * DAY_MS, zone);
    case 'WEEK': return wallToEpoch(wall - profile.count * 7 * DAY_MS, zone);
    case 'MONTH': return wallToEpoch(addMonths(wall, -profile.count), zone);
    default: return wallToEpoch(addMonths(wall, -12 * profile.count), zone);
  }
}
