/**
 * Turns a stored partial state into the value of one statistic. This is where stream settings
 * (stream kind, value type, meter kind, random-stream average) and the context from before the
 * interval (carry) are applied, mirroring the direct definitions in statistics.ts.
 */
import { isNumericType, meterIncrement, numberOf, type RollupSettings } from './rollup-settings.js';
import { mergeAgg, type RollupState, type SeriesAgg } from './rollup-state.js';
import { holdEnd, STAT_IDS, type RollupContext, type StatId, type StatValue } from './stat-id.js';

interface Resolved {
  st: RollupState;
  numeric: boolean;
  random: boolean;
  settings: RollupSettings;
  /** values, or register increments (including the one from the carry) for cumulative meters */
  series: SeriesAgg;
  /** random/point: end of holdable time, covered ms, Σ held value × ms */
  end: number;
  covered: number;
  integral: number;
}

function resolve(st: RollupState, settings: RollupSettings, ctx: RollupContext): Resolved {
  // A gap cannot be carried: treat one passed by mistake as no carry at all.
  const carry = ctx.carry && ctx.carry.value !== null ? ctx.carry : null;
  const carryV = numberOf(carry?.value ?? null);
  let series = st.values;
  if (settings.meter === 'cumulative') {
    series = st.increments;
    const firstV = numberOf(st.first?.value ?? null);
    if (carryV !== undefined && firstV !== undefined && st.first !== null) {
      // The first reading's increment is measured from the carry; it precedes every other one.
      const inc = meterIncrement(carryV, firstV);
      const head: SeriesAgg = { sum: inc, count: 1, min: { value: inc, time: st.first.time }, max: { value: inc, time: st.first.time } };
      series = mergeAgg(head, st.increments);
    }
  }
  const end = holdEnd(st.sd, st.ed, st.last?.time, ctx.until);
  let covered = 0;
  let integral = st.held;
  if (carry !== null) {
    covered = end - st.sd;
    integral += (carryV ?? 0) * ((st.first?.time ?? end) - st.sd);
  } else if (st.first !== null) {
    covered = end - st.first.time;
  }
  if (st.last !== null) integral += (numberOf(st.last.value) ?? 0) * (end - st.last.time);
  return {
    st, settings, series, end, covered, integral,
    numeric: isNumericType(settings.valueType),
    random: settings.streamKind !== 'interval',
  };
}

const num = (r: Resolved, f: (a: SeriesAgg) => number | undefined): number | null => (r.numeric ? f(r.series) ?? null : null);

const FINALIZERS: Readonly<Record<StatId, (r: Resolved) => StatValue>> = {
  first: (r) => r.st.first?.value ?? null,
  last: (r) => r.st.last?.value ?? null,
  min: (r) => num(r, (a) => a.min?.value),
  max: (r) => num(r, (a) => a.max?.value),
  minoccurrence: (r) => num(r, (a) => a.min?.time),
  maxoccurrence: (r) => num(r, (a) => a.max?.time),
  sum: (r) => num(r, (a) => (a.count > 0 ? a.sum : undefined)),
  avg: (r) => {
    if (!r.numeric) return null;
    const mean = (a: SeriesAgg): number | null => (a.count > 0 ? a.sum / a.count : null);
    if (r.settings.meter !== 'gauge') return mean(r.series);
    if (!r.random) return r.st.valueMs > 0 ? r.st.weighted / r.st.valueMs : null;
    if (r.settings.randomAvg === 'mean') return mean(r.st.values);
    return r.covered > 0 ? r.integral / r.covered : null;
  },
  intvlcount: (r) => (r.random ? r.st.samples - r.st.gaps : r.st.samples),
  gapcount: (r) => (r.random ? 0 : r.st.gaps),
  nongapcount: (r) => r.st.samples - r.st.gaps,
  milliseccount: (r) => (r.random ? r.end - r.st.sd : r.st.storedMs),
  nongapmilliseccount: (r) => (r.random ? r.covered : r.st.valueMs),
};

/** One statistic of a state's interval. */
export function finalize(st: RollupState, statId: StatId, settings: RollupSettings, ctx: RollupContext = {}): StatValue {
  return FINALIZERS[statId](resolve(st, settings, ctx));
}

/** All thirteen statistics of a state's interval. */
export function finalizeAll(st: RollupState, settings: RollupSettings, ctx: RollupContext = {}): Record<StatId, StatValue> {
  const r = resolve(st, settings, ctx);
  return Object.fromEntries(STAT_IDS.map((id) => [id, FINALIZERS[id](r)])) as Record<StatId, StatValue>;
}
