/**
 * Rollup calendars: a set of cycles that, sorted smallest first, form a chain in which every
 * cycle's intervals tile the next one's exactly ("each set of intervals described by a cycle
 * must fit evenly into the parent cycle or an error will be raised when the rollup_calendar is
 * PUT or POSTed" — GroveStreams). Exact tiling is what lets a parent interval's statistics be
 * combined from its children's partial states instead of from raw samples.
 *
 * The checks here are structural (lengths, counts and reference alignment on the wall clock)
 * and hold in every zone whose UTC offsets only change by multiples of the smaller cycle's
 * length. Where a zone breaks that (Australia/Lord_Howe's 30-minute DST under an hour cycle), the
 * rollup maintainer notices a child straddling its parent and builds the parent from samples
 * instead (storage/rollups/maintain-rollups.ts). An interval stream's base cycle is held to the
 * zone as well (zone-tiling.ts, base-cycle-fit.ts): its samples are whole base intervals.
 */
import { fixedLengthMs, nominalLengthMs, referenceWall, validateCycle, type Cycle } from './cycle.js';
import { DAY_MS, daysBetween, monthsBetween, timeOfDay } from './local-time.js';
import { sameTimeZone } from '../domain/time-zone.js';

export interface RollupCalendar {
  id: string;
  name: string;
  cycleIds: string[];
}

export type CalendarCheck = { ok: true; cycles: Cycle[] } | { ok: false; error: string };

const mod = (a: number, n: number): number => ((a % n) + n) % n;

function label(c: Cycle): string {
  return `'${c.id}' (${c.count} ${c.sizeType})`;
}

/**
 * Why `child` does not tile `parent` exactly, or null when it does. Assumes both are valid
 * and `child` is the smaller one.
 */
export function tilingError(child: Cycle, parent: Cycle): string | null {
  const fail = (why: string): string => `cycle ${label(child)} does not tile its parent ${label(parent)}: ${why}`;
  if (!sameTimeZone(child.timezone ?? '', parent.timezone ?? '')) return fail('they use different time zones');
  const wc = referenceWall(child);
  const wp = referenceWall(parent);
  const lc = fixedLengthMs(child);
  const lp = fixedLengthMs(parent);
  if (lc !== undefined) {
    if (lp !== undefined) {
      if (lp % lc !== 0) return fail(`${lp} ms is not a multiple of ${lc} ms`);
    } else if (DAY_MS % lc !== 0) {
      return fail(`${lc} ms does not divide a day`);
    }
    // Every parent boundary sits at the parent reference's wall time (+ whole days for
    // calendar parents), so the child grid must pass through it.
    if (mod(wp - wc, lc) !== 0) return fail('their references are not aligned');
    return null;
  }
  if (lp !== undefined) return fail('calendar intervals (DAY and longer) vary in length and cannot tile a fixed-length cycle');
  if (timeOfDay(wc) !== timeOfDay(wp)) return fail('their references have different times of day');
  const n = child.count;
  const m = parent.count;
  switch (child.sizeType) {
    case 'DAY': {
      if (parent.sizeType === 'MONTH' || parent.sizeType === 'YEAR') {
        return n === 1 ? null : fail(`months are not a whole number of ${n}-day intervals`);
      }
      const span = parent.sizeType === 'WEEK' ? 7 * m : m;
      if (span % n !== 0) return fail(`${span} days is not a multiple of ${n} days`);
      return mod(daysBetween(wc, wp), n) === 0 ? null : fail('their reference dates are not aligned');
    }
    case 'WEEK':
      if (parent.sizeType !== 'WEEK') return fail('weeks do not fit evenly into months or years');
      if (m % n !== 0) return fail(`${m} weeks is not a multiple of ${n} weeks`);
      return mod(daysBetween(wc, wp), 7 * n) === 0 ? null : fail('their reference dates are not aligned');
    case 'MONTH':
    case 'YEAR': {
      const cm = child.sizeType === 'YEAR' ? 12 * n : n;
      const pm = parent.sizeType === 'YEAR' ? 12 * m : m;
      if (pm % cm !== 0) return fail(`${pm} months is not a multiple of ${cm} months`);
      if (new Date(wc).getUTCDate() !== new Date(wp).getUTCDate()) return fail('their references are on different days of the month');
      return mod(monthsBetween(wc, wp), cm) === 0 ? null : fail('their reference months are not aligned');
    }
    default:
      return fail('unsupported size type');
  }
}

/** Validates a calendar's cycles and returns them sorted smallest first. */
export function validateCalendar(cycles: readonly Cycle[]): CalendarCheck {
  if (cycles.length === 0) return { ok: false, error: 'a rollup calendar needs at least one cycle' };
  const ids = new Set<string>();
  for (const c of cycles) {
    const err = validateCycle(c);
    if (err) return { ok: false, error: err };
    if (ids.has(c.id)) return { ok: false, error: `cycle '${c.id}' is listed twice` };
    ids.add(c.id);
  }
  const sorted = [...cycles].sort((a, b) => nominalLengthMs(a) - nominalLengthMs(b));
  for (let i = 0; i + 1 < sorted.length; i++) {
    const child = sorted[i] as Cycle;
    const parent = sorted[i + 1] as Cycle;
    if (nominalLengthMs(child) === nominalLengthMs(parent)) {
      return { ok: false, error: `cycles ${label(child)} and ${label(parent)} have the same length; one cannot tile the other` };
    }
    const err = tilingError(child, parent);
    if (err) return { ok: false, error: err };
  }
  return { ok: true, cycles: sorted };
}

/** Looks a calendar's cycle IDs up among the org's cycles, then validates. */
export function resolveCalendar(cal: RollupCalendar, orgCycles: readonly Cycle[]): CalendarCheck {
  const byId = new Map(orgCycles.map((c) => [c.id, c]));
  const picked: Cycle[] = [];
  for (const id of cal.cycleIds) {
    const c = byId.get(id);
    if (!c) return { ok: false, error: `rollup calendar '${cal.id}' refers to unknown cycle '${id}'` };
    picked.push(c);
  }
  return validateCalendar(picked);
}

/**
 * The cycles a stream with base cycle `base` rolls up into: the calendar's cycles from the
 * first one that is not smaller than the base, which the base must tile (or be).
 */
export function rollupChain(base: Cycle, sortedCalendar: readonly Cycle[]): CalendarCheck {
  const start = sortedCalendar.findIndex((c) => nominalLengthMs(c) >= nominalLengthMs(base));
  if (start < 0) return { ok: true, cycles: [] };
  const first = sortedCalendar[start] as Cycle;
  if (first.id !== base.id) {
    const err = nominalLengthMs(first) === nominalLengthMs(base)
      ? `base cycle ${label(base)} and calendar cycle ${label(first)} have the same length but are different cycles`
      : tilingError(base, first);
    if (err) return { ok: false, error: err };
  }
  return { ok: true, cycles: sortedCalendar.slice(start) };
}

/**
 * The calendars every org starts with. WEEK cannot be in the same chain as MONTH (a week
 * straddles month ends), so it gets its own calendar instead of breaking the tiling rule;
 * week statistics can also be combined from the default calendar's day states on demand.
 */
export function defaultCalendars(): RollupCalendar[] {
  const small = ['second', 'minute', 'fiveminute', 'fifteenminute', 'hour', 'day'];
  return [
    { id: 'default', name: 'Seconds to years', cycleIds: [...small, 'month', 'year'] },
    { id: 'weekly', name: 'Seconds to weeks', cycleIds: [...small, 'week'] },
  ];
}
