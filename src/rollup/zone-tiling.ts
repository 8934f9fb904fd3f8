/**
 * Whether a cycle's intervals tile a larger one's in a real time zone over a stretch of time:
 * every boundary there of the larger cycle is a boundary of the smaller one. calendar.ts
 * tilingError checks the structure (lengths, counts, references on the wall clock), which is all
 * there is to it when both cycles follow the wall clock of one zone. A fixed-length cycle
 * (count × ms from its reference instant) only meets the boundaries of a calendar cycle (local
 * midnights, month starts) while the zone's UTC offset differs from the offset at its reference
 * by whole intervals: a 2-hour cycle stops tiling days in Europe/London every summer, an hour
 * stops tiling days in Australia/Lord_Howe every winter (30-minute DST), and in Asia/Singapore
 * it did until 1982 (+07:30).
 *
 * So misfits are local in time, and each caller asks about the time it deals with
 * (base-cycle-fit.ts: a definition from now on; reads and writes the intervals they touch).
 * Between two offset changes (offset-changes.ts) the offsets are constant, so the larger cycle's
 * boundaries there are met or missed alike — except right after a change, for as long as it
 * moves the clock: a wall time it skipped keeps the old offset's instant, one it repeated the
 * earlier instant (cycle.ts), so a boundary there may be moved or missing. Those few are checked
 * one by one, one more decides for the rest of the stretch, and a stretch's misfits form at most
 * one run of consecutive intervals besides: a few hundred interval lookups for a zone with DST
 * over 1970–2100, once per definition and zone (cached), and a binary search per question.
 */
import { tilingError } from './calendar.js';
import { cycleZone, fixedLengthMs, intervalAt, nominalLengthMs, type Cycle } from './cycle.js';
import { CHECKED_FROM, CHECKED_TO, offsetChanges, type OffsetChange } from './offset-changes.js';

/** A stretch of time [from, to) in epoch ms; `to` may be Infinity ("from then on"). */
export interface TimeRange {
  from: number;
  to: number;
}

/** All of it: any misfit counts. */
export const ALL_TIME: TimeRange = { from: -Infinity, to: Infinity };
/** None of it: only the structure counts. */
export const NO_TIME: TimeRange = { from: 0, to: 0 };

/** A run of consecutive intervals [sd, ed) of the larger cycle, none made of whole smaller ones. */
interface Misfit {
  sd: number;
  ed: number;
  /** the offset change that set the offsets they misfit under, else (before the first change) the one that ended them; none in a zone without changes */
  change?: OffsetChange;
}

const misfitsOf = new Map<string, readonly Misfit[]>();
const CACHE_LIMIT = 10_000;
/**
 * The same per pair of cycle objects and zone, for the write path, which asks for every stream
 * it writes with the same vocabulary objects: no key to build. Dropped with the cycles.
 */
const misfitsByObject = new WeakMap<Cycle, WeakMap<Cycle, Map<string, readonly Misfit[]>>>();

const label = (c: Cycle) => `'${c.id}' (${c.count} ${c.sizeType})`;
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const definition = (c: Cycle, zone: string) => `${c.sizeType}:${c.count}:${c.reference}@${zone}`;

/**
 * Why `child` does not tile `parent` exactly, for a component in `zone`, in an interval of
 * `parent` overlapping `range`; null when it does. The structure is checked whatever the range
 * (an empty one checks nothing else). The message names the first such interval.
 */
export function zoneTilingError(child: Cycle, parent: Cycle, zone: string, range: TimeRange): string | null {
  if (nominalLengthMs(child) > nominalLengthMs(parent)) return `cycle ${label(child)} is longer than ${label(parent)}`;
  const zc = cycleZone(child, zone);
  const zp = cycleZone(parent, zone);
  // The structure without the zone settings: where the zones differ, the boundaries below decide.
  const structural = tilingError({ ...child, timezone: '' }, { ...parent, timezone: '' });
  if (structural) return structural;
  const m = firstMisfit(misfitsFor(child, parent, zone, zc, zp), range);
  if (!m) return null;
  const iv = intervalAt(parent, Math.max(range.from, m.sd), zone);
  const where = zc === zp ? zc : `${zc} (${parent.id}: ${zp})`;
  const why = m.change ? ` (${m.change.zone}'s UTC offset changes from ${m.change.from} to ${m.change.to} at ${iso(m.change.at)})` : '';
  return `cycle ${label(child)} does not tile ${label(parent)} in ${where}: e.g. the '${parent.id}' interval from ${iso(iv.sd)} to ${iso(iv.ed)} is not made of whole '${child.id}' intervals${why}`;
}

/**
 * Whether an interval of `parent` overlapping `range` is not made of whole `child` intervals in
 * `zone`, for cycles whose structure is known to fit (a stream's calendar chain: rollupChain).
 * No message and no structural check: a map lookup and a binary search, for the write path.
 */
export function misfitsWithin(child: Cycle, parent: Cycle, zone: string, range: TimeRange): boolean {
  let byParent = misfitsByObject.get(child);
  if (!byParent) misfitsByObject.set(child, (byParent = new WeakMap()));
  let byZone = byParent.get(parent);
  if (!byZone) byParent.set(parent, (byZone = new Map()));
  let misfits = byZone.get(zone);
  if (!misfits) byZone.set(zone, (misfits = misfitsFor(child, parent, zone, cycleZone(child, zone), cycleZone(parent, zone))));
  return firstMisfit(misfits, range) !== undefined;
}

/** The first run overlapping `range`. Runs are in time order, and so are their ends: a binary search. */
function firstMisfit(misfits: readonly Misfit[], range: TimeRange): Misfit | undefined {
  if (range.to <= range.from) return undefined;
  let lo = 0;
  let hi = misfits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (misfits[mid]!.ed <= range.from) lo = mid + 1;
    else hi = mid;
  }
  const m = misfits[lo];
  return m !== undefined && m.sd < range.to ? m : undefined;
}

/** Every run of misfits in 1970–2100, in time order, cached per pair of definitions and zones. */
function misfitsFor(child: Cycle, parent: Cycle, zone: string, zc: string, zp: string): readonly Misfit[] {
  const key = `${definition(child, zc)}|${definition(parent, zp)}`;
  let misfits = misfitsOf.get(key);
  if (misfits) return misfits;
  const fixedChild = fixedLengthMs(child) !== undefined;
  const fixedParent = fixedLengthMs(parent) !== undefined;
  const found: Misfit[] = [];
  // Two wall-clock cycles of one zone meet wherever their wall times do: the structure decides.
  if (fixedChild || zc !== zp) {
    // Two fixed-length cycles meet everywhere or nowhere (only their reference instants depend
    // on the zone): one stretch. Otherwise the boundaries move with the offsets of the zones involved.
    const changes = fixedChild && fixedParent ? [] : [...offsetChanges(zp), ...(fixedChild || zc === zp ? [] : offsetChanges(zc))].sort((a, b) => a.at - b.at);
    let from = CHECKED_FROM;
    let movedMs = 0;
    let since: OffsetChange | undefined;
    for (const c of [...changes, undefined]) {
      const to = c?.at ?? CHECKED_TO;
      if (to > from) {
        misfitsBetween(child, parent, zone, { from, to }, movedMs, since ?? c, found);
        movedMs = 0;
      }
      if (c) {
        from = c.at;
        since = c;
        // both zones may change at once
        movedMs = Math.max(movedMs, Math.abs(c.shiftMs));
      }
    }
  }
  misfits = found;
  if (misfitsOf.size >= CACHE_LIMIT) misfitsOf.clear();
  misfitsOf.set(key, misfits);
  return misfits;
}

/**
 * Adds to `out` the misfits among the intervals of `parent` with a boundary in `stretch`, a time
 * of constant offsets whose first `movedMs` may hold boundaries a change moved (or lack some).
 */
function misfitsBetween(child: Cycle, parent: Cycle, zone: string, stretch: TimeRange, movedMs: number, change: OffsetChange | undefined, out: Misfit[]): void {
  const onGrid = (t: number) => intervalAt(child, t, zone).sd === t;
  const run = (sd: number, ed: number) => out.push(change ? { sd, ed, change } : { sd, ed });
  const first = intervalAt(parent, stretch.from, zone);
  let t = first.sd === stretch.from ? first.sd : first.ed; // the stretch's first boundary
  for (; t < stretch.to && t < stretch.from + movedMs; t = intervalAt(parent, t, zone).ed) {
    if (!onGrid(t)) run(intervalAt(parent, t - 1, zone).sd, intervalAt(parent, t, zone).ed);
  }
  // The rest are alike: one decides, and a misfit makes a run from the interval ending at it to
  // the one starting at the stretch's last boundary.
  if (t < stretch.to && !onGrid(t)) run(intervalAt(parent, t - 1, zone).sd, intervalAt(parent, stretch.to - 1, zone).ed);
}
