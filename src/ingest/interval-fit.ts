/**
 * Samples of an interval stream may only land where its base cycle tiles its rollup calendar
 * (rollup/base-cycle-fit.ts). A stream defined today fits from now on, but an upload may reach
 * back to where its zone's offsets did not fit: a 1975 sample of an hourly stream in
 * Asia/Singapore (+07:30 then) lies in a day that is not made of whole hours, whose statistics
 * would count part of an hour as all of it. Reads refuse such intervals, so storing the sample
 * would only put a value no statistic can use into stored states; the upload is refused instead.
 *
 * On the write path: one range check per written stream and calendar cycle against the zone's
 * cached runs of misfits (zone-tiling.ts misfitsWithin, a lookup and a binary search), and a
 * look at each sample only when the written range overlaps one. The chain comes from the write
 * path's vocabulary, which has no calendars under GG_ROLLUPS=off: then nothing is checked here
 * (nothing is materialised, and reads still refuse those intervals).
 */
import { chainTilingError } from '../rollup/base-cycle-fit.js';
import { intervalAt, type Cycle } from '../rollup/cycle.js';
import { misfitsWithin, type TimeRange } from '../rollup/zone-tiling.js';

/**
 * Why samples stored at `times` (interval ends of `base`, ascending) cannot be written to an
 * interval stream rolling up into `chain` (its calendar from the base up) in `zone`, or null.
 */
export function writtenIntervalsError(base: Cycle, chain: readonly Cycle[], zone: string, times: readonly number[]): string | null {
  if (times.length === 0) return null;
  const misfits = (range: TimeRange) => chain.some((c) => misfitsWithin(base, c, zone, range));
  if (!misfits({ from: intervalAt(base, times[0]! - 1, zone).sd, to: times[times.length - 1]! })) return null;
  for (const t of times) {
    const iv = intervalAt(base, t - 1, zone);
    const range = { from: iv.sd, to: iv.ed };
    if (misfits(range)) {
      const at = `the '${base.id}' interval from ${new Date(iv.sd).toISOString()} to ${new Date(iv.ed).toISOString()}`;
      return `${at} lies where the stream's base cycle does not tile its rollup calendar, so its statistics there would count part intervals (${chainTilingError(base, chain, zone, range)})`;
    }
  }
  return null; // the samples lie on either side of a misfit
}
