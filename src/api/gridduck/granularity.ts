/**
 * GridDuck telemetry granularity (contract §10, gridduck-notes §3.2): whole seconds, or the
 * calendar names `day`, `week`, `month`, and the rollup cycle that answers it.
 *
 * Seconds that are a whole number of days (86400) or weeks (604800) mean CALENDAR days and
 * weeks, not fixed spans: their buckets start at local midnight in the asset's zone, so a DST
 * day is 23 or 25 hours long (contract §6). Weeks start on Monday, as the default `week` cycle.
 * Anything else is a fixed-length grid counted from 2000-01-01T00:00:00 local, the default
 * cycles' reference, so 900 s buckets are the org's fifteen-minute intervals.
 *
 * When an org cycle describes the same intervals (each tiles the other), that cycle is used:
 * its id is what the StatReader finds stored rollup states under. Otherwise an ad-hoc cycle,
 * which the StatReader combines from a stored cycle that tiles it, or computes from raw samples.
 */
import { badRequest } from '../../domain/errors.js';
import { tilingError } from '../../rollup/calendar.js';
import { fixedLengthMs, type Cycle, type SizeType } from '../../rollup/cycle.js';

export const GRANULARITY_NAMES = ['day', 'week', 'month'] as const;
export type GranularityName = (typeof GRANULARITY_NAMES)[number];

/** The largest granularity in seconds: a leap year (larger buckets than that are years). */
export const MAX_GRANULARITY_S = 366 * 86_400;

const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;
const REFERENCE = '2000-01-01T00:00:00';
/** a Monday: weeks start on Monday (ISO 8601), as the default `week` cycle */
const WEEK_REFERENCE = '2000-01-03T00:00:00';

export interface Granularity {
  /** as the response echoes it: seconds as a number, a name as given */
  echo: number | GranularityName;
  sizeType: SizeType;
  count: number;
  reference: string;
}

/** Parses the `granularity` parameter; 400 naming the accepted forms otherwise. */
export function parseGranularity(text: string | undefined): Granularity {
  const forms = `whole seconds from 1 to ${MAX_GRANULARITY_S} (e.g. 900, 3600, 86400) or one of ${GRANULARITY_NAMES.join(', ')}`;
  if (text === undefined || text.trim() === '') throw badRequest(`granularity is required: ${forms}`);
  const t = text.trim();
  const name = t.toLowerCase();
  if (name === 'day') return { echo: 'day', sizeType: 'DAY', count: 1, reference: REFERENCE };
  if (name === 'week') return { echo: 'week', sizeType: 'WEEK', count: 1, reference: WEEK_REFERENCE };
  if (name === 'month') return { echo: 'month', sizeType: 'MONTH', count: 1, reference: REFERENCE };
  if (!/^\d{1,9}$/.test(t) || Number(t) < 1 || Number(t) > MAX_GRANULARITY_S) throw badRequest(`granularity must be ${forms}, got '${text}'`);
  const s = Number(t);
  if (s % WEEK_S === 0) return { echo: s, sizeType: 'WEEK', count: s / WEEK_S, reference: WEEK_REFERENCE };
  if (s % DAY_S === 0) return { echo: s, sizeType: 'DAY', count: s / DAY_S, reference: REFERENCE };
  // fixed lengths: the largest whole unit, so that 3600 reads as the org's '1 HOUR' cycle would
  if (s % 3600 === 0) return { echo: s, sizeType: 'HOUR', count: s / 3600, reference: REFERENCE };
  if (s % 60 === 0) return { echo: s, sizeType: 'MINUTE', count: s / 60, reference: REFERENCE };
  return { echo: s, sizeType: 'SECOND', count: s, reference: REFERENCE };
}

/**
 * Two cycles with the same intervals: the same length (fixed: in ms; calendar: the same unit and
 * count) and each tiles the other, which checks the zone setting and the alignment. tilingError
 * assumes the parent is the larger cycle, hence the length test first.
 */
function sameIntervals(a: Cycle, b: Cycle): boolean {
  const fa = fixedLengthMs(a);
  const fb = fixedLengthMs(b);
  const sameLength = fa !== undefined || fb !== undefined ? fa === fb : a.sizeType === b.sizeType && a.count === b.count;
  return sameLength && tilingError(a, b) === null && tilingError(b, a) === null;
}

/**
 * The cycle whose intervals are the buckets. `zone` undefined: buckets in the component's own
 * zone (the StatReader's `zone`), so an org cycle without a zone of its own may answer. A zone
 * given (a site's buckets over assets of other zones): a cycle pinned to it, which no stored
 * state of a zone-less cycle can answer, so the StatReader computes it exactly from raw samples.
 */
export function cycleFor(g: Granularity, orgCycles: readonly Cycle[], zone?: string): Cycle {
  const wanted: Cycle = {
    id: `gridduck:${g.sizeType}:${g.count}:${g.reference}${zone ? `@${zone}` : ''}`,
    name: `GridDuck ${g.echo}`,
    sizeType: g.sizeType,
    count: g.count,
    reference: g.reference,
    ...(zone ? { timezone: zone } : {}),
  };
  if (!zone) {
    const own = orgCycles.find((c) => (c.timezone ?? '') === '' && sameIntervals(c, wanted));
    if (own) return own;
  }
  // never borrow the id of an org cycle with other intervals: the StatReader reads stored states by id
  while (orgCycles.some((c) => c.id === wanted.id)) wanted.id += '~';
  return wanted;
}
