/**
 * The thirteen statistics defined directly over the samples of one rollup interval: the
 * reference definitions (docs/statistics.md explains them). The incremental path in
 * rollup-state.ts must agree with these for every interval; the property test checks that.
 * They are also the way to answer a statistic for a span that has no stored rollup state.
 */
import type { Value } from '../domain/values.js';
import { meterIncrement } from './meter-increment.js';
import { isNumericType, numberOf, type RollupSettings } from './rollup-settings.js';
import { sampleWithin, type Sample } from './sample.js';
import { holdEnd, STAT_IDS, type RollupContext, type StatId, type StatValue } from './stat-id.js';

interface Point { time: number; value: number }

/** Everything the table's functions read, derived once per interval. */
export interface IntervalView {
  sd: number;
  ed: number;
  settings: RollupSettings;
  /** every stored sample in the interval, gaps included, in time order */
  samples: readonly Sample[];
  /** the non-gap samples */
  values: readonly Sample[];
  /** the numbers min/max/sum/avg are about: values, or register increments for cumulative meters */
  series: readonly Point[] | null;
  /** random/point: [sd, end) is the time values can be held in; ms of it covered by a held value, and Σ value × ms */
  held: { end: number; ms: number; integral: number };
}

function viewOf(samples: readonly Sample[], sd: number, ed: number, settings: RollupSettings, ctx: RollupContext): IntervalView {
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample;
    if (!sampleWithin(s, sd, ed)) throw new RangeError(`sample at ${s.time} is outside [${sd}, ${ed})`);
    if (i > 0 && !((samples[i - 1] as Sample).time < s.time)) throw new RangeError('samples must be in strictly increasing time order');
  }
  const values = samples.filter((s) => s.value !== null);
  const carry = ctx.carry ?? null;
  let series: Point[] | null = null;
  if (isNumericType(settings.valueType)) {
    series = [];
    let prev = numberOf(carry?.value ?? null);
    for (const s of values) {
      const v = numberOf(s.value);
      if (v === undefined) continue;
      if (settings.meter !== 'cumulative') series.push({ time: s.time, value: v });
      else if (prev !== undefined) series.push({ time: s.time, value: meterIncrement(prev, v) });
      prev = v;
    }
  }
  // Sample-and-hold: walk the interval; each value holds from its time to the next one.
  const end = holdEnd(sd, ed, values.at(-1)?.time, ctx.until);
  const held = { end, ms: 0, integral: 0 };
  let holding: Value | null = carry?.value ?? null;
  let cursor = sd;
  for (const s of [...values, null]) {
    const until = s === null ? end : s.time;
    if (holding !== null) {
      held.ms += until - cursor;
      held.integral += (numberOf(holding) ?? 0) * (until - cursor);
    }
    if (s !== null) holding = s.value;
    cursor = until;
  }
  return { sd, ed, settings, samples, values, series, held };
}

function extreme(series: readonly Point[] | null, better: (a: number, b: number) => boolean): Point | null {
  let best: Point | null = null;
  for (const p of series ?? []) if (best === null || better(p.value, best.value)) best = p;
  return best;
}

const isRandom = (v: IntervalView): boolean => v.settings.streamKind !== 'interval';
const total = (ps: readonly Point[]): number => ps.reduce((a, p) => a + p.value, 0);

/** The statistics table: statId → definition over one interval's samples. */
export const STATISTICS: Readonly<Record<StatId, (v: IntervalView) => StatValue>> = {
  first: (v) => v.values[0]?.value ?? null,
  last: (v) => v.values.at(-1)?.value ?? null,
  min: (v) => extreme(v.series, (a, b) => a < b)?.value ?? null,
  max: (v) => extreme(v.series, (a, b) => a > b)?.value ?? null,
  minoccurrence: (v) => extreme(v.series, (a, b) => a < b)?.time ?? null,
  maxoccurrence: (v) => extreme(v.series, (a, b) => a > b)?.time ?? null,
  sum: (v) => (v.series && v.series.length > 0 ? total(v.series) : null),
  avg: (v) => {
    if (!v.series) return null;
    if (v.settings.meter !== 'gauge') return v.series.length > 0 ? total(v.series) / v.series.length : null;
    if (!isRandom(v)) {
      let ms = 0;
      let weighted = 0;
      for (const s of v.values) {
        ms += s.ms;
        weighted += (numberOf(s.value) ?? 0) * s.ms;
      }
      return ms > 0 ? weighted / ms : null;
    }
    if (v.settings.randomAvg === 'mean') return v.series.length > 0 ? total(v.series) / v.series.length : null;
    return v.held.ms > 0 ? v.held.integral / v.held.ms : null;
  },
  intvlcount: (v) => (isRandom(v) ? v.values.length : v.samples.length),
  gapcount: (v) => (isRandom(v) ? 0 : v.samples.length - v.values.length),
  nongapcount: (v) => v.values.length,
  milliseccount: (v) => (isRandom(v) ? v.held.end - v.sd : v.samples.reduce((a, s) => a + s.ms, 0)),
  nongapmilliseccount: (v) => (isRandom(v) ? v.held.ms : v.values.reduce((a, s) => a + s.ms, 0)),
};

/** One statistic of [sd, ed) from its samples (sorted, gaps included) and context. */
export function statisticOf(
  statId: StatId, samples: readonly Sample[], sd: number, ed: number, settings: RollupSettings, ctx: RollupContext = {},
): StatValue {
  return STATISTICS[statId](viewOf(samples, sd, ed, settings, ctx));
}

/** All thirteen statistics of [sd, ed). */
export function statisticsOf(
  samples: readonly Sample[], sd: number, ed: number, settings: RollupSettings, ctx: RollupContext = {},
): Record<StatId, StatValue> {
  const view = viewOf(samples, sd, ed, settings, ctx);
  return Object.fromEntries(STAT_IDS.map((id) => [id, STATISTICS[id](view)])) as Record<StatId, StatValue>;
}

