/**
 * Wall-clock time in an IANA zone, as "wall milliseconds": the local date and time read as if it
 * were UTC (Date.UTC of the local fields). Calendar arithmetic (add days, add months, count
 * days between dates) is plain arithmetic on wall ms because a wall clock has no DST; only the
 * step from wall ms to an instant needs the zone.
 *
 * Why not luxon's DateTime.fromObject/fromISO for that step: luxon resolves an ambiguous local
 * time (the repeated hour when clocks go back) by guessing from the offset *in effect today*,
 * so "2018-11-04T01:30" in America/New_York comes out as EST when run in January and EDT when
 * run in July. Rollup boundaries must not depend on the date the server runs, so
 * `wallToEpoch` resolves it deterministically the way java.time (and so GroveStreams) does:
 * an ambiguous time takes the earlier instant; a nonexistent time (clocks go forward) is
 * moved later by the length of the gap — the same result luxon gives for gaps.
 */
import { DateTime, IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

const zones = new Map<string, IANAZone>();

/** True for zone names luxon (i.e. the runtime's ICU tz database) knows. */
export function isKnownZone(name: string): boolean {
  return name !== '' && IANAZone.isValidZone(name);
}

function zoneOf(name: string): IANAZone {
  let z = zones.get(name);
  if (!z) {
    if (!isKnownZone(name)) throw new RangeError(`unknown time zone '${name}'`);
    z = IANAZone.create(name);
    zones.set(name, z);
  }
  return z;
}

function rawOffsetMs(zone: IANAZone, epochMs: number): number {
  return zone.offset(epochMs) * MINUTE_MS;
}

// luxon asks Intl for every offset (~10-20 µs each) and rollups ask for many. Offsets are
// cached per 6-hour bucket when the bucket's first and last millisecond agree — which, as no
// zone changes its offset twice within six hours, means the whole bucket agrees. A bucket
// holding a transition is marked and answered exactly each time.
const BUCKET_MS = 6 * 3_600_000;
const TRANSITION = Number.NaN;
const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 200_000;

/** UTC offset of `zone` at instant `epochMs`, in ms. */
export function offsetMs(zone: string, epochMs: number): number {
  const z = zoneOf(zone);
  let buckets = offsetCache.get(zone);
  if (!buckets) offsetCache.set(zone, (buckets = new Map()));
  const b = Math.floor(epochMs / BUCKET_MS);
  let o = buckets.get(b);
  if (o === undefined) {
    if (buckets.size >= OFFSET_CACHE_LIMIT) buckets.clear();
    const first = rawOffsetMs(z, b * BUCKET_MS);
    o = first === rawOffsetMs(z, (b + 1) * BUCKET_MS - 1) ? first : TRANSITION;
    buckets.set(b, o);
  }
  return Number.isNaN(o) ? rawOffsetMs(z, epochMs) : o;
}

/** Wall ms of instant `epochMs` in `zone`. */
export function epochToWall(epochMs: number, zone: string): number {
  return epochMs + offsetMs(zone, epochMs);
}

/**
 * The instant at which the wall clock of `zone` shows `wall`. Offsets are probed a day either
 * side so that both offsets around a transition are candidates.
 */
export function wallToEpoch(wall: number, zone: string): number {
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  let best: number | undefined;
  for (const o of [before, after, offsetMs(zone, wall)]) {
    const e = wall - o;
    if (offsetMs(zone, e) === o && (best === undefined || e < best)) best = e;
  }
  if (best !== undefined) return best;
  // In a gap: read the wall time with the offset from before the gap, which lands after the
  // transition — i.e. the wall time pushed forward by the gap length.
  return wall - before;
}

/** Parses a local ISO datetime ("2000-01-03T00:00:00[.mmm]", no zone) into wall ms. */
export function parseLocalIso(text: string): number | { error: string } {
  const m = LOCAL_ISO.exec(text);
  if (!m) return { error: `'${text}' is not a local datetime like 2000-01-03T00:00:00` };
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(wall);
  // Date.UTC silently rolls 2001-02-29 over to March; reject instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { error: `'${text}' is not a valid date and time` };
  }
  return wall;
}

/** Whole days from the date of wall `a` to the date of wall `b` (time of day ignored). */
export function daysBetween(a: number, b: number): number {
  return Math.floor(b / DAY_MS) - Math.floor(a / DAY_MS);
}

/** Whole calendar months from the month of wall `a` to the month of wall `b`. */
export function monthsBetween(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  return (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + (db.getUTCMonth() - da.getUTCMonth());
}

/**
 * Adds calendar months to a wall time with luxon's month arithmetic: the day of month is kept
 * and clamped to the month's length (Jan 31 + 1 month = Feb 28/29), the time of day is kept.
 */
export function addMonths(wall: number, months: number): number {
  return DateTime.fromMillis(wall, { zone: 'utc' }).plus({ months }).toMillis();
}

/** Milliseconds since local midnight of a wall time. */
export function timeOfDay(wall: number): number {
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

export { DAY_MS };
