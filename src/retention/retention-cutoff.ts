/**
 * The instant before which a delete profile removes raw samples: now − count × unit. MINUTE and
 * HOUR are fixed lengths; DAY, WEEK, MONTH and YEAR count on the wall clock of the component's
 * zone, as cycles do (rollup/cycle.ts), so "1 DAY" keeps the same local time yesterday across a
 * DST change and "1 MONTH" from 31 March is the last day of February. The wall-to-instant step
 * is rollup/local-time's, which is deterministic where the local time is ambiguous or skipped.
 */
import type { DeleteProfile } from '../domain/model.js';
import { intervalAt } from '../rollup/cycle.js';
import { addMonths, DAY_MS, epochToWall, wallToEpoch } from '../rollup/local-time.js';
import type { StreamRollupPlan } from '../rollup/stream-plan.js';
import { rawRange } from '../rollup/stored-samples.js';

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

/**
 * Where a stream's raw samples are cut for a cutoff `t`: at the start of the interval of its
 * smallest materialised cycle (an hour on the default calendar) that holds t, so retention keeps
 * up to one such interval more than its profile asks. A late or overwriting write into an
 * interval recomputes it from its raw samples (storage/rollups/maintain-rollups.ts): cut inside
 * one, the deleted part would drop out of its statistics. Interval streams store a sample at
 * its interval's end, so the cut keeps those ending after the interval's start.
 */
export function rawCut(plan: StreamRollupPlan, t: number): number {
  const leaf = plan.chain[0];
  if (leaf === undefined) return t; // nothing materialised: nothing recomputed from raw samples
  const sd = intervalAt(leaf, t, plan.zone).sd;
  return rawRange(plan, { sd, ed: sd }).from;
}
