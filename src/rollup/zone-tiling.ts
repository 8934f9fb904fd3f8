/**
 * Whether a cycle's intervals tile a larger one's in a real time zone: every boundary of the
 * larger cycle is a boundary of the smaller one. calendar.ts tilingError checks the structure
 * (lengths, counts, references on the wall clock), which is all there is to it when both cycles
 * follow the wall clock of one zone. A fixed-length cycle (count × ms from its reference
 * instant) only meets the boundaries of a calendar cycle (local midnights, month starts) while
 * the zone's UTC offset differs from the offset at its reference by whole intervals: a 2-hour
 * cycle stops tiling days in Europe/London at every DST change (23- and 25-hour days), an hour
 * stops tiling days in Australia/Lord_Howe (30-minute DST).
 *
 * Between two offset changes (offset-changes.ts) the offsets are constant, so every boundary
 * there is met or missed alike: checking the larger cycle's intervals on either side of each
 * change, plus the first one checked, decides for 1970–2100 — a few hundred interval lookups
 * for a zone with DST, instead of one per day. Answers are cached per definition and zone.
 */
import { tilingError } from './calendar.js';
import { cycleZone, fixedLengthMs, intervalAt, nominalLengthMs, type Cycle, type Interval } from './cycle.js';
import { CHECKED_FROM, CHECKED_TO, offsetChanges, type OffsetChange } from './offset-changes.js';

/** An interval of the larger cycle that does not start and end on the smaller one's boundaries. */
interface Misfit {
  iv: Interval;
  /** the offset change it lies at; none for the first interval checked */
  change?: OffsetChange;
}

const misfitsOf = new Map<string, readonly Misfit[]>();
const CACHE_LIMIT = 10_000;

const label = (c: Cycle) => `'${c.id}' (${c.count} ${c.sizeType})`;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const definition = (c: Cycle, zone: string) => `${c.sizeType}:${c.count}:${c.reference}@${zone}`;

/** Why `child` does not tile `parent` exactly, for a component in `zone`, or null. */
export function zoneTilingError(child: Cycle, parent: Cycle, zone: string, near = Date.now()): string | null {
  if (nominalLengthMs(child) > nominalLengthMs(parent)) return `cycle ${label(child)} is longer than ${label(parent)}`;
  const zc = cycleZone(child, zone);
  const zp = cycleZone(parent, zone);
  // The structure without the zone settings: where the zones differ, the boundaries below decide.
  const structural = tilingError({ ...child, timezone: '' }, { ...parent, timezone: '' });
  if (structural) return structural;
  const misfits = misfitsFor(child, parent, zone, zc, zp);
  if (misfits.length === 0) return null;
  // the first misfit from `near` on (a date the reader can relate to), else the latest
  const m = misfits.find((x) => x.iv.sd >= near) ?? misfits[misfits.length - 1]!;
  const where = zc === zp ? zc : `${zc} (${parent.id}: ${zp})`;
  const why = m.change ? ` (${m.change.zone}'s UTC offset changes from ${m.change.from} to ${m.change.to} at ${iso(m.change.at)})` : '';
  return `cycle ${label(child)} does not tile ${label(parent)} in ${where}: e.g. the '${parent.id}' interval from ${iso(m.iv.sd)} to ${iso(m.iv.ed)} is not made of whole '${child.id}' intervals${why}`;
}

function misfitsFor(child: Cycle, parent: Cycle, zone: string, zc: string, zp: string): readonly Misfit[] {
  const key = `${definition(child, zc)}|${definition(parent, zp)}`;
  let misfits = misfitsOf.get(key);
  if (misfits) return misfits;
  const fixedChild = fixedLengthMs(child) !== undefined;
  const fixedParent = fixedLengthMs(parent) !== undefined;
  const found: Misfit[] = [];
  // Two wall-clock cycles of one zone meet wherever their wall times do: the structure decides.
  if (fixedChild || zc !== zp) {
    const onGrid = (t: number) => t < CHECKED_FROM || t >= CHECKED_TO || intervalAt(child, t, zone).sd === t;
    const seen = new Set<number>();
    const check = (t: number, change?: OffsetChange) => {
      const iv = intervalAt(parent, t, zone);
      if (seen.has(iv.sd)) return;
      seen.add(iv.sd);
      if (!onGrid(iv.sd) || !onGrid(iv.ed)) found.push(change ? { iv, change } : { iv });
    };
    check(CHECKED_FROM);
    // Two fixed-length cycles meet everywhere or nowhere (only their reference instants depend
    // on the zone); otherwise the boundaries move with the offsets of the zones involved.
    if (!(fixedChild && fixedParent)) {
      const changes = [...offsetChanges(zp), ...(fixedChild || zc === zp ? [] : offsetChanges(zc))].sort((a, b) => a.at - b.at);
      for (const c of changes) {
        check(c.at - 1, c);
        check(c.at, c);
      }
    }
    found.sort((a, b) => a.iv.sd - b.iv.sd);
  }
  misfits = found;
  if (misfitsOf.size >= CACHE_LIMIT) misfitsOf.clear();
  misfitsOf.set(key, misfits);
  return misfits;
}
