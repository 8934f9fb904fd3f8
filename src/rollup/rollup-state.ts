/**
 * Mergeable partial state of one rollup interval: what an incremental engine stores per
 * (stream, cycle, interval). A parent interval's state is `combine` of its children's states
 * (the calendar guarantees children tile it), an append updates every level's state in O(1)
 * with `appendSample`, and a late or overwritten sample is handled by rebuilding the leaf with
 * `fromSamples` and re-combining its ancestors.
 *
 * The state depends only on the samples inside its span — never on stream settings or on
 * samples before it. What crosses the left edge (the held value and the previous meter reading)
 * is the `carry` supplied at `finalize`; that is why a late write changes only the intervals
 * that contain it. Sample-and-hold and meter increments *between* samples inside the span are
 * kept exactly by "bridging" a.last → b.first when two states are combined.
 */
import { meterIncrement, numberOf } from './rollup-settings.js';
import { sampleStart, sampleWithin, type Sample } from './sample.js';

export interface Extreme {
  value: number;
  time: number;
}

/** Sum, count and extremes of a series of numbers (values, or meter increments). */
export interface SeriesAgg {
  sum: number;
  count: number;
  min: Extreme | null;
  max: Extreme | null;
}

/** Plain JSON-serialisable data, so storage can keep it as is. */
export interface RollupState {
  sd: number;
  ed: number;
  /** stored samples, gaps included */
  samples: number;
  gaps: number;
  /** Σ ms of stored samples / of non-gap samples (interval streams; instants have ms 0) */
  storedMs: number;
  valueMs: number;
  /** earliest and latest non-gap samples */
  first: Sample | null;
  last: Sample | null;
  /** time of the latest stored sample, gaps included (guards appends) */
  latest: number | null;
  values: SeriesAgg;
  /** Σ value × ms over non-gap samples (time-weighted average of interval streams) */
  weighted: number;
  /** Σ vᵢ × (tᵢ₊₁ − tᵢ) over consecutive non-gap samples (sample-and-hold between samples) */
  held: number;
  /** register increments between consecutive non-gap readings, each at the later reading */
  increments: SeriesAgg;
}

const emptyAgg = (): SeriesAgg => ({ sum: 0, count: 0, min: null, max: null });

export function emptyState(sd: number, ed: number): RollupState {
  return {
    sd, ed, samples: 0, gaps: 0, storedMs: 0, valueMs: 0, first: null, last: null, latest: null,
    values: emptyAgg(), weighted: 0, held: 0, increments: emptyAgg(),
  };
}

/** Adds one number; ties keep the earlier extreme because points arrive in time order. */
function addPoint(agg: SeriesAgg, value: number, time: number): void {
  agg.sum += value;
  agg.count += 1;
  if (agg.min === null || value < agg.min.value) agg.min = { value, time };
  if (agg.max === null || value > agg.max.value) agg.max = { value, time };
}

/** Merges `later` into a copy of `earlier`; ties keep the earlier extreme. */
export function mergeAgg(earlier: SeriesAgg, later: SeriesAgg): SeriesAgg {
  return {
    sum: earlier.sum + later.sum,
    count: earlier.count + later.count,
    min: later.min !== null && (earlier.min === null || later.min.value < earlier.min.value) ? later.min : earlier.min,
    max: later.max !== null && (earlier.max === null || later.max.value > earlier.max.value) ? later.max : earlier.max,
  };
}

function cloneState(s: RollupState): RollupState {
  return { ...s, values: { ...s.values }, increments: { ...s.increments } };
}

/** Mutating append of a sample known to be later than everything in `st`. */
function push(st: RollupState, s: Sample): void {
  st.samples += 1;
  st.storedMs += s.ms;
  st.latest = s.time;
  if (s.value === null) {
    st.gaps += 1;
    return;
  }
  st.valueMs += s.ms;
  const v = numberOf(s.value);
  const prev = numberOf(st.last?.value ?? null);
  if (v !== undefined) {
    addPoint(st.values, v, s.time);
    st.weighted += v * s.ms;
    if (prev !== undefined && st.last !== null) {
      st.held += prev * (s.time - st.last.time);
      addPoint(st.increments, meterIncrement(prev, v), s.time);
    }
  }
  st.first ??= s;
  st.last = s;
}

function checkAppend(st: RollupState, s: Sample): void {
  if (!sampleWithin(s, st.sd, st.ed)) throw new RangeError(`sample at ${s.time} is outside [${st.sd}, ${st.ed})`);
  if (st.latest !== null && !(sampleStart(s) >= st.latest && s.time > st.latest)) {
    throw new RangeError(`sample at ${s.time} is not after the latest sample (${st.latest}); rebuild the interval instead`);
  }
}

/** State of [sd, ed) from its stored samples (time order, gaps included). */
export function fromSamples(samples: readonly Sample[], sd: number, ed: number): RollupState {
  const st = emptyState(sd, ed);
  for (const s of samples) {
    checkAppend(st, s);
    push(st, s);
  }
  return st;
}

/**
 * fromSamples for a caller that guarantees what fromSamples checks (samples in [sd, ed), in
 * strictly increasing time order): the write path's per-sample hot loop.
 */
export function fromSortedSamples(samples: readonly Sample[], sd: number, ed: number): RollupState {
  const st = emptyState(sd, ed);
  for (const s of samples) push(st, s);
  return st;
}

/** The state after appending a sample later than all of `st`'s samples (not mutated). */
export function appendSample(st: RollupState, s: Sample): RollupState {
  checkAppend(st, s);
  const out = cloneState(st);
  push(out, s);
  return out;
}

/** True when `s` may be appended to `st` (it starts at or after everything stored there). */
export function canAppend(st: RollupState, s: Sample): boolean {
  return st.latest === null || (sampleStart(s) >= st.latest && s.time > st.latest);
}

/**
 * The state of a's span followed by b's. Spans must not overlap (a.ed ≤ b.sd); anything
 * between them is taken to hold no samples.
 */
export function combine(a: RollupState, b: RollupState): RollupState {
  if (a.ed > b.sd) throw new RangeError(`cannot combine [${a.sd}, ${a.ed}) with the overlapping or earlier [${b.sd}, ${b.ed})`);
  const increments = { ...a.increments };
  let held = a.held + b.held;
  const av = numberOf(a.last?.value ?? null);
  const bv = numberOf(b.first?.value ?? null);
  if (av !== undefined && bv !== undefined && a.last !== null && b.first !== null) {
    held += av * (b.first.time - a.last.time);
    addPoint(increments, meterIncrement(av, bv), b.first.time);
  }
  return {
    sd: a.sd,
    ed: b.ed,
    samples: a.samples + b.samples,
    gaps: a.gaps + b.gaps,
    storedMs: a.storedMs + b.storedMs,
    valueMs: a.valueMs + b.valueMs,
    first: a.first ?? b.first,
    last: b.last ?? a.last,
    latest: b.latest ?? a.latest,
    values: mergeAgg(a.values, b.values),
    weighted: a.weighted + b.weighted,
    held,
    increments: mergeAgg(increments, b.increments),
  };
}

/** State of [sd, ed) from its children's states (in time order, any of them missing). */
export function combineAll(sd: number, ed: number, children: readonly RollupState[]): RollupState {
  let acc = emptyState(sd, sd);
  for (const c of children) acc = combine(acc, c);
  if (acc.ed > ed) throw new RangeError(`children extend past ${ed}`);
  return { ...acc, sd, ed };
}
