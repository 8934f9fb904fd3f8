/**
 * Turns a stored partial state into the value of one statistic. This is where stream settings
 * (stream kind, value type, meter kind, random-stream average) and the context from before the
 * interval (carry) are applied, mirroring the direct definitions in statistics.ts.
 *
 * A read finalizes one statistic for each of up to a thousand intervals with the same
 * settings, so the choices that depend only on (statistic, settings) are made once, in
 * finalizerFor, and each interval computes only what its statistic needs (an hourly average
 * of an interval stream is one division), allocating nothing on the common paths.
 */
import { meterIncrement } from './meter-increment.js';
import { isNumericType, numberOf, type MeterKind, type RollupSettings } from './rollup-settings.js';
import type { RollupState, SeriesAgg } from './rollup-state.js';
import type { Sample } from './sample.js';
import { holdEnd, STAT_IDS, type RollupContext, type StatId, type StatValue } from './stat-id.js';

/**
 * One statistic of a state's interval under fixed settings, given the context from before it
 * (RollupContext's carry and until, passed apart so that no context object is needed).
 */
export type Finalizer = (st: RollupState, carry: Sample | null | undefined, until: number | undefined) => StatValue;

/** A gap cannot be carried: one passed by mistake counts as no carry at all. */
const usable = (carry: Sample | null | undefined): Sample | null => (carry && carry.value !== null ? carry : null);

/**
 * The series of a cumulative meter's state, for one statistic at a time: one object reused
 * rather than one per interval (a finalizer reads it and returns a number; it keeps nothing).
 */
const increments: SeriesAgg = { sum: 0, count: 0, min: 0, minTime: 0, max: 0, maxTime: 0 };

/** The numbers min/max/sum/avg are about: values, or register increments (including the one from the carry) for cumulative meters. */
function seriesOf(st: RollupState, meter: MeterKind, carry: Sample | null): SeriesAgg {
  if (meter !== 'cumulative') return st;
  const out = increments;
  out.sum = st.incSum;
  out.count = st.incCount;
  out.min = st.incMin;
  out.minTime = st.incMinTime;
  out.max = st.incMax;
  out.maxTime = st.incMaxTime;
  const carryV = numberOf(carry?.value ?? null);
  const firstV = numberOf(st.first?.value ?? null);
  if (carryV !== undefined && firstV !== undefined && st.first !== null) {
    // The first reading's increment is measured from the carry. It precedes every other one,
    // so it is the extreme on a tie.
    const inc = meterIncrement(carryV, firstV);
    if (out.count === 0 || !(out.min < inc)) (out.min = inc), (out.minTime = st.first.time);
    if (out.count === 0 || !(out.max > inc)) (out.max = inc), (out.maxTime = st.first.time);
    out.sum = inc + st.incSum;
    out.count += 1;
  }
  return out;
}

// Random/point streams: [sd, end) is the time values can be held in.
const endOf = (st: RollupState, until: number | undefined): number => holdEnd(st.sd, st.ed, st.last?.time, until);

/** ms of [sd, end) covered by a held value */
function coveredOf(st: RollupState, carry: Sample | null, end: number): number {
  if (carry !== null) return end - st.sd;
  if (st.first !== null) return end - st.first.time;
  return 0;
}

/** Σ held value × ms over [sd, end) */
function integralOf(st: RollupState, carry: Sample | null, end: number): number {
  let integral = st.held;
  if (carry !== null) integral += (numberOf(carry.value) ?? 0) * ((st.first?.time ?? end) - st.sd);
  if (st.last !== null) integral += (numberOf(st.last.value) ?? 0) * (end - st.last.time);
  return integral;
}

const mean = (a: SeriesAgg): number | null => (a.count > 0 ? a.sum / a.count : null);
const none: Finalizer = () => null;

/** The statistic `statId` of any state's interval for a stream with `settings`. */
export function finalizerFor(statId: StatId, settings: RollupSettings): Finalizer {
  const numeric = isNumericType(settings.valueType);
  const random = settings.streamKind !== 'interval';
  const meter = settings.meter;
  /** over the series; null for non-numeric streams */
  const onSeries = (f: (a: SeriesAgg) => number | null | undefined): Finalizer =>
    numeric ? (st, carry) => f(seriesOf(st, meter, usable(carry))) ?? null : none;
  switch (statId) {
    case 'first':
      return (st) => st.first?.value ?? null;
    case 'last':
      return (st) => st.last?.value ?? null;
    case 'min':
      return onSeries((a) => (a.count > 0 ? a.min : undefined));
    case 'max':
      return onSeries((a) => (a.count > 0 ? a.max : undefined));
    case 'minoccurrence':
      return onSeries((a) => (a.count > 0 ? a.minTime : undefined));
    case 'maxoccurrence':
      return onSeries((a) => (a.count > 0 ? a.maxTime : undefined));
    case 'sum':
      return onSeries((a) => (a.count > 0 ? a.sum : undefined));
    case 'avg':
      if (!numeric) return none;
      if (meter !== 'gauge') return onSeries(mean);
      if (!random) return (st) => (st.valueMs > 0 ? st.weighted / st.valueMs : null);
      if (settings.randomAvg === 'mean') return (st) => mean(st);
      return (st, c, until) => {
        const carry = usable(c);
        const end = endOf(st, until);
        const covered = coveredOf(st, carry, end);
        return covered > 0 ? integralOf(st, carry, end) / covered : null;
      };
    case 'intvlcount':
      return random ? (st) => st.samples - st.gaps : (st) => st.samples;
    case 'gapcount':
      return random ? () => 0 : (st) => st.gaps;
    case 'nongapcount':
      return (st) => st.samples - st.gaps;
    case 'milliseccount':
      return random ? (st, _c, until) => endOf(st, until) - st.sd : (st) => st.storedMs;
    case 'nongapmilliseccount':
      return random ? (st, c, until) => coveredOf(st, usable(c), endOf(st, until)) : (st) => st.valueMs;
    default:
      throw new RangeError(`unknown statistic '${String(statId)}'`);
  }
}


/** All thirteen statistics of a state's interval. */
export function finalizeAll(st: RollupState, settings: RollupSettings, ctx: RollupContext = {}): Record<StatId, StatValue> {
  return Object.fromEntries(STAT_IDS.map((id) => [id, finalizerFor(id, settings)(st, ctx.carry, ctx.until)])) as Record<StatId, StatValue>;
}
