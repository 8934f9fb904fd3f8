/**
 * The zone-dependent half of calendar validation. A fixed-length cycle counts milliseconds
 * from its reference instant, while calendar cycles follow the wall clock; the two only stay
 * aligned while the zone's UTC offset differs from the offset at the reference by a multiple
 * of the fixed cycle's length. Whole-hour DST shifts keep hours aligned, but e.g.
 * Australia/Lord_Howe (30-minute DST) breaks an hour cycle under a day cycle, and so does
 * Asia/Kathmandu before 1986 (+05:30, later +05:45) or America/Caracas 2007–2016 (-04:30).
 * Call this when a calendar is saved for the zones it will be used in.
 */
import { fixedLengthMs, isFixedLength, referenceWall, cycleZone, type Cycle } from './cycle.js';
import { DAY_MS, offsetMs, wallToEpoch } from './local-time.js';

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/**
 * Checks a sorted (validateCalendar) chain in `componentZone` over [from, to). Offsets are
 * sampled once a day, so an offset that lasts less than a day can slip through.
 * Returns an error text or null.
 */
export function checkZoneTiling(sorted: readonly Cycle[], componentZone: string, from: number, to: number): string | null {
  for (let i = 0; i + 1 < sorted.length; i++) {
    const child = sorted[i] as Cycle;
    const parent = sorted[i + 1] as Cycle;
    const len = fixedLengthMs(child);
    if (len === undefined) continue;
    const zone = cycleZone(child, componentZone);
    const childRef = wallToEpoch(referenceWall(child), zone);
    if (isFixedLength(parent)) {
      const parentRef = wallToEpoch(referenceWall(parent), cycleZone(parent, componentZone));
      if (mod(parentRef - childRef, len) !== 0) {
        return `in ${zone}, cycle '${child.id}' does not tile '${parent.id}': the UTC offsets at their references differ by a fraction of '${child.id}'`;
      }
      continue;
    }
    const refOffset = referenceWall(child) - childRef;
    for (let t = from; t < to; t += DAY_MS) {
      const o = offsetMs(zone, t);
      if (mod(o - refOffset, len) !== 0) {
        return `in ${zone}, cycle '${child.id}' does not tile '${parent.id}' around ${new Date(t).toISOString().slice(0, 10)}: ` +
          `the UTC offset there (${o / 60_000} min) is not a whole number of '${child.id}' intervals from the offset at its reference (${refOffset / 60_000} min)`;
      }
    }
  }
  return null;
}
