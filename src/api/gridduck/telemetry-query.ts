/**
 * The query of GridDuck's telemetry endpoints (contract §10): `start` and `end` in Unix
 * seconds (end exclusive), `granularity` (granularity.ts), `field`, and for instantaneous data
 * `format`. Buckets are the whole intervals of the granularity's cycle that overlap
 * [start, end), so the first may begin before `start`. GridDuck caps the answer (seed:
 * "restricted to 1,000 data points and 48 data points respectively"): more buckets than the cap
 * is a 400 that names the limit, never a truncated answer a client could take for complete.
 */
import { badRequest } from '../../domain/errors.js';
import { intervalsBetween, type Cycle, type Interval } from '../../rollup/cycle.js';
import { one, type Query } from '../../lib/query-string.js';
import { parseGranularity, type Granularity } from './granularity.js';

/** GridDuck's published caps (seed, "Telemetry"). */
export const AGGREGATE_MAX_BUCKETS = 1000;
export const INSTANTANEOUS_MAX_BUCKETS = 48;

/**
 * Times from here on are taken for milliseconds sent by mistake (1e11 s is the year 5138):
 * refused with a hint rather than read as a date thousands of years away.
 */
const MAX_UNIX_S = 99_999_999_999;

export const FORMATS = ['average', 'max', 'min'] as const;
export type Format = (typeof FORMATS)[number];

export interface TelemetryQuery {
  /** Unix seconds as given */
  start: number;
  end: number;
  granularity: Granularity;
  /** the field asked for, or undefined for the endpoint's default */
  field: string | undefined;
}

function unixSeconds(q: Query, name: 'start' | 'end'): number {
  const text = one(q, name);
  if (text === undefined || text.trim() === '') throw badRequest(`${name} is required: Unix seconds, e.g. ${name}=1767225600`);
  const t = text.trim();
  if (!/^\d{1,15}$/.test(t)) throw badRequest(`${name} must be whole Unix seconds (0 or more), got '${text}'`);
  const n = Number(t);
  if (n > MAX_UNIX_S) throw badRequest(`${name} ${t} is too large for Unix seconds (did you send milliseconds? divide by 1000)`);
  return n;
}

/** Parses start, end, granularity and field; 400 in GridDuck's error shape for anything wrong. */
export function parseTelemetryQuery(q: Query): TelemetryQuery {
  const start = unixSeconds(q, 'start');
  const end = unixSeconds(q, 'end');
  if (end <= start) throw badRequest(`end (${end}) must be later than start (${start}): end is exclusive`);
  const granularity = parseGranularity(one(q, 'granularity'));
  const f = one(q, 'field')?.trim();
  return { start, end, granularity, field: f === '' ? undefined : f };
}

/** `format` of instantaneous data: average (default), max or min. */
export function parseFormat(q: Query): Format {
  const text = one(q, 'format');
  if (text === undefined || text.trim() === '') return 'average';
  const f = text.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw badRequest(`format must be one of ${FORMATS.join(', ')}, got '${text}'`);
  return f as Format;
}

/**
 * The buckets of [start, end) in `zone` (a cycle's own zone wins), at most `max` of them;
 * 400 naming the limit when there are more. `what` names the endpoint in the message.
 */
export function bucketsOf(tq: TelemetryQuery, cycle: Cycle, zone: string, max: number, what: string): Interval[] {
  const buckets = intervalsBetween(cycle, tq.start * 1000, tq.end * 1000, zone, max);
  if (buckets.length > max) {
    throw badRequest(
      `too many buckets: start ${tq.start} to end ${tq.end} at granularity ${tq.granularity.echo} makes more than ${max}, ` +
        `and ${what} answers at most ${max} data points; ask for a shorter range or a coarser granularity`,
    );
  }
  return buckets;
}
