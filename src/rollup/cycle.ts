/**
 * Cycles: repeating time periods (a stream's base cycle, the members of a rollup calendar).
 *
 * MILLISEC/SECOND/MINUTE/HOUR cycles are fixed-length: every interval is count × unit ms long,
 * counted from the reference instant (GroveStreams: "every interval timespan has the same
 * number of milliseconds"). DAY/WEEK/MONTH/YEAR cycles follow the zone's calendar: interval k
 * starts at the reference's wall-clock time on the reference date + k × count days / weeks /
 * months / years, so a DST day is 23 or 25 hours long and months have their own lengths. A
 * boundary whose wall time does not exist (DST gap) moves later by the gap; one that exists
 * twice takes the earlier instant (see local-time.ts for why this is not left to luxon). Month
 * and year boundaries are computed from the reference each time (never chained), so a reference
 * on the 31st gives boundaries on the last day of shorter months and back on the 31st after.
 */
import { sameTimeZone } from '../domain/time-zone.js';
import { addMonths, DAY_MS, daysBetween, epochToWall, isKnownZone, monthsBetween, parseLocalIso, wallToEpoch } from './local-time.js';

export const SIZE_TYPES = ['MILLISEC', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type SizeType = (typeof SIZE_TYPES)[number];

export interface Cycle {
  id: string;
  name: string;
  sizeType: SizeType;
  /** number of size units per interval (GroveStreams numSizeTypesPerIntvl) */
  count: number;
  /** local datetime at which one interval starts, e.g. "2000-01-03T00:00:00" */
  reference: string;
  /** IANA zone; absent or "" means the component's zone */
  timezone?: string;
}

/** A half-open interval [sd, ed) in epoch ms. */
export interface Interval {
  sd: number;
  ed: number;
}

const UNIT_MS: Partial<Record<SizeType, number>> = { MILLISEC: 1, SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000 };
/** Average lengths, only for ordering cycles by size. */
const NOMINAL_MS: Record<SizeType, number> = {
  MILLISEC: 1, SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: DAY_MS, WEEK: 7 * DAY_MS,
  MONTH: 30.436875 * DAY_MS, YEAR: 365.2425 * DAY_MS,
};
const MAX_COUNT = 1_000_000;
/**
 * The longest interval a cycle may have. Sample times stay within ±2^47 ms (years −2489 to
 * 6429, domain/time.ts) and references within years 0–9999, so every interval holding a valid
 * time then begins and ends well inside what a Date can represent (±271,821 years); a million
 * years would not (its boundaries would be NaN).
 */
const MAX_INTERVAL_YEARS = 100_000;

/** Interval length in ms for fixed-length cycles; undefined for calendar cycles. */
export function fixedLengthMs(c: Cycle): number | undefined {
  const unit = UNIT_MS[c.sizeType];
  return unit === undefined ? undefined : unit * c.count;
}

/** Typical interval length, used to sort a calendar's cycles smallest first. */
export function nominalLengthMs(c: Cycle): number {
  return NOMINAL_MS[c.sizeType] * c.count;
}

/**
 * Whether two definitions give the same intervals (the name does not count, nor how a zone is
 * spelled: a cycle stored with 'utc' before zone ids were canonical and sent back as stored is
 * now 'UTC', which is no change).
 */
export function sameIntervals(a: Cycle, b: Cycle): boolean {
  return a.sizeType === b.sizeType && a.count === b.count && a.reference === b.reference && sameTimeZone(a.timezone ?? '', b.timezone ?? '');
}

/** The zone a cycle's intervals are computed in: its own, else the component's. */
export function cycleZone(c: Cycle, componentZone: string): string {
  return c.timezone !== undefined && c.timezone !== '' ? c.timezone : componentZone;
}

/** Error text for an unusable cycle definition, or null. */
export function validateCycle(c: Cycle): string | null {
  if (c.id.trim() === '') return 'a cycle needs an id';
  if (!(SIZE_TYPES as readonly string[]).includes(c.sizeType)) return `cycle '${c.id}': unknown size type '${c.sizeType}'`;
  if (!Number.isSafeInteger(c.count) || c.count < 1 || c.count > MAX_COUNT) return `cycle '${c.id}': count must be a whole number from 1 to ${MAX_COUNT}`;
  if (nominalLengthMs(c) > MAX_INTERVAL_YEARS * NOMINAL_MS.YEAR) return `cycle '${c.id}': an interval may be at most ${MAX_INTERVAL_YEARS.toLocaleString('en')} years long`;
  const ref = parseLocalIso(c.reference);
  if (typeof ref !== 'number') return `cycle '${c.id}': reference ${ref.error}`;
  if (c.timezone !== undefined && c.timezone !== '' && !isKnownZone(c.timezone)) return `cycle '${c.id}': unknown time zone '${c.timezone}'`;
  return null;
}

/** Reference as wall ms; throws on a definition validateCycle would reject. */
// Parsed references: every interval lookup of a calendar cycle needs its reference as wall ms.
const references = new Map<string, number>();

export function referenceWall(c: Cycle): number {
  let ref = references.get(c.reference);
  if (ref !== undefined) return ref;
  const parsed = parseLocalIso(c.reference);
  if (typeof parsed !== 'number') throw new RangeError(`cycle '${c.id}': ${parsed.error}`);
  if (references.size >= CACHE_LIMIT) references.clear();
  references.set(c.reference, (ref = parsed));
  return ref;
}

// Boundaries recur across calls (every sample of a month asks for the same two boundaries) and
// each costs several tz lookups, so they are memoised; the cache is simply dropped when full.
const boundaryCache = new Map<string, number>();
const CACHE_LIMIT = 100_000;

function memo(key: string, compute: () => number): number {
  const hit = boundaryCache.get(key);
  if (hit !== undefined) return hit;
  if (boundaryCache.size >= CACHE_LIMIT) boundaryCache.clear();
  const v = compute();
  boundaryCache.set(key, v);
  return v;
}

/** Start instant of calendar interval k (k = 0 starts at the reference). */
function calendarBoundary(c: Cycle, zone: string, k: number): number {
  return memo(`${zone}|${c.sizeType}|${c.count}|${c.reference}|${k}`, () => {
    const ref = referenceWall(c);
    switch (c.sizeType) {
      case 'DAY': return wallToEpoch(ref + k * c.count * DAY_MS, zone);
      case 'WEEK': return wallToEpoch(ref + k * c.count * 7 * DAY_MS, zone);
      case 'MONTH': return wallToEpoch(addMonths(ref, k * c.count), zone);
      case 'YEAR': return wallToEpoch(addMonths(ref, k * c.count * 12), zone);
      default: throw new RangeError(`cycle '${c.id}' is fixed-length`);
    }
  });
}

/** Index estimate from wall-clock fields; off by at most one around DST or the reference time. */
function estimateIndex(c: Cycle, wallT: number): number {
  const ref = referenceWall(c);
  switch (c.sizeType) {
    case 'DAY': return Math.floor(daysBetween(ref, wallT) / c.count);
    case 'WEEK': return Math.floor(daysBetween(ref, wallT) / (7 * c.count));
    case 'MONTH': return Math.floor(monthsBetween(ref, wallT) / c.count);
    default: return Math.floor(monthsBetween(ref, wallT) / (12 * c.count));
  }
}

/**
 * The last interval intervalAt answered per cycle and zone. Writes and reads ask for the same few
 * intervals over and over (a device's streams share zone and calendar, consecutive samples fall
 * in the same hour, day and month), and a hit skips the boundary memo's string keys. Cycles are
 * never changed in place (an edited definition is a new object), so an answer stays right for
 * its cycle; answers are frozen because callers share them.
 */
const lastAnswer = new WeakMap<Cycle, Map<string, Interval>>();

/** The interval [sd, ed) of `c` containing instant t; `zone` is the component's zone. */
export function intervalAt(c: Cycle, t: number, zone: string): Interval {
  let byZone = lastAnswer.get(c);
  const last = byZone?.get(zone);
  if (last !== undefined && t >= last.sd && t < last.ed) return last;
  const iv = Object.freeze(computeIntervalAt(c, t, zone));
  if (byZone === undefined) lastAnswer.set(c, (byZone = new Map()));
  byZone.set(zone, iv);
  return iv;
}

function computeIntervalAt(c: Cycle, t: number, zone: string): Interval {
  const z = cycleZone(c, zone);
  const len = fixedLengthMs(c);
  if (len !== undefined) {
    const ref = memo(`${z}|ref|${c.reference}`, () => wallToEpoch(referenceWall(c), z));
    const sd = ref + Math.floor((t - ref) / len) * len;
    return { sd, ed: sd + len };
  }
  let k = estimateIndex(c, epochToWall(t, z));
  while (calendarBoundary(c, z, k) > t) k--;
  while (calendarBoundary(c, z, k + 1) <= t) k++;
  return { sd: calendarBoundary(c, z, k), ed: calendarBoundary(c, z, k + 1) };
}

/** The interval that follows `iv` (intervals tile time, so it starts at iv.ed). */
export function nextInterval(c: Cycle, iv: Interval, zone: string): Interval {
  return intervalAt(c, iv.ed, zone);
}

/** The interval that precedes `iv`. */
export function previousInterval(c: Cycle, iv: Interval, zone: string): Interval {
  return intervalAt(c, iv.sd - 1, zone);
}

/**
 * Every interval overlapping [from, to), in order — but at most `max` + 1 of them, so that a
 * range of millions of one-second intervals is never enumerated: more than `max` means the
 * caller asked for too many.
 */
export function intervalsBetween(c: Cycle, from: number, to: number, zone: string, max: number): Interval[] {
  const out: Interval[] = [];
  for (let iv = intervalAt(c, from, zone); iv.sd < to && out.length <= max; iv = nextInterval(c, iv, zone)) out.push(iv);
  return out;
}

function cycle(id: string, name: string, sizeType: SizeType, count: number, reference = '2000-01-01T00:00:00'): Cycle {
  return { id, name, sizeType, count, reference };
}

/** The cycles every org starts with; zone-less so they follow each component's zone. */
export function defaultCycles(): Cycle[] {
  return [
    cycle('second', '1 Second', 'SECOND', 1),
    cycle('minute', '1 Minute', 'MINUTE', 1),
    cycle('fiveminute', '5 Minutes', 'MINUTE', 5),
    cycle('fifteenminute', '15 Minutes', 'MINUTE', 15),
    cycle('hour', '1 Hour', 'HOUR', 1),
    cycle('day', '1 Day', 'DAY', 1),
    // 2000-01-03 is a Monday: weeks start on Monday (ISO 8601).
    cycle('week', '1 Week', 'WEEK', 1, '2000-01-03T00:00:00'),
    cycle('month', '1 Month', 'MONTH', 1),
    cycle('year', '1 Year', 'YEAR', 1),
  ];
}
