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
import { meterIncrement } from './meter-increment.js';
import { numberOf } from './rollup-settings.js';
import { sampleAt, sampleStart, sampleWithin, type Sample, type SampleColumns } from './sample.js';

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

const copyAgg = (a: SeriesAgg): SeriesAgg => ({ sum: a.sum, count: a.count, min: a.min, max: a.max });

/** Merges `later` into `earlier` itself; ties keep the earlier extreme. */
function mergeInto(earlier: SeriesAgg, later: SeriesAgg): void {
  earlier.sum += later.sum;
  earlier.count += later.count;
  if (later.min !== null && (earlier.min === null || later.min.value < earlier.min.value)) earlier.min = later.min;
  if (later.max !== null && (earlier.max === null || later.max.value > earlier.max.value)) earlier.max = later.max;
}

/** Merges `later` into a copy of `earlier`; ties keep the earlier extreme. */
export function mergeAgg(earlier: SeriesAgg, later: SeriesAgg): SeriesAgg {
  const out = copyAgg(earlier);
  mergeInto(out, later);
  return out;
}

/**
 * A copy that may be changed in place. Extremes and samples stay shared: they are never
 * changed, only replaced. Spelled out rather than spread: the spread copy measured several
 * times slower, and this runs for every interval a write appends to.
 */
function cloneState(s: RollupState): RollupState {
  return {
    sd: s.sd, ed: s.ed, samples: s.samples, gaps: s.gaps, storedMs: s.storedMs, valueMs: s.valueMs,
    first: s.first, last: s.last, latest: s.latest,
    values: copyAgg(s.values), weighted: s.weighted, held: s.held, increments: copyAgg(s.increments),
  };
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
 * addPoint on plain numbers: the extremes become objects once, in `agg()`, instead of at every
 * new minimum or maximum (every sample of a rising series).
 */
class AggBuilder {
  sum = 0;
  count = 0;
  min = 0;
  minTime = 0;
  max = 0;
  maxTime = 0;

  add(value: number, time: number): void {
    // Same operations in the same order as addPoint, so the sums are bit-identical.
    this.sum += value;
    if (this.count === 0 || value < this.min) {
      this.min = value;
      this.minTime = time;
    }
    if (this.count === 0 || value > this.max) {
      this.max = value;
      this.maxTime = time;
    }
    this.count += 1;
  }

  agg(): SeriesAgg {
    if (this.count === 0) return emptyAgg();
    return { sum: this.sum, count: this.count, min: { value: this.min, time: this.minTime }, max: { value: this.max, time: this.maxTime } };
  }
}

/**
 * fromSamples over samples lo..hi−1 of `cols`, without its checks (the caller guarantees them): the write path's per-sample hot loop. It
 * computes exactly what pushing each sample would (same operations, same order) but allocates
 * only the state itself and its first and last samples.
 */
export function fromSortedColumns(cols: SampleColumns, lo: number, hi: number, sd: number, ed: number): RollupState {
  const { times, values, starts } = cols;
  const vals = new AggBuilder();
  const incs = new AggBuilder();
  let gaps = 0;
  let storedMs = 0;
  let valueMs = 0;
  let weighted = 0;
  let held = 0;
  let first = -1; // index of the earliest non-gap sample
  let last = -1; // index of the latest non-gap sample
  // The latest non-gap value, when it is a number. A flag rather than `number | undefined`,
  // which optimised code would have to box on every sample.
  let prevIsNumber = false;
  let prev = 0;
  for (let i = lo; i < hi; i++) {
    const t = times[i]!;
    const ms = t - starts[i]!;
    const value = values[i] as Sample['value'];
    storedMs += ms;
    if (value === null) {
      gaps += 1;
      continue;
    }
    valueMs += ms;
    if (typeof value === 'number') {
      vals.add(value, t);
      weighted += value * ms;
      if (prevIsNumber) {
        held += prev * (t - times[last]!);
        incs.add(meterIncrement(prev, value), t);
      }
      prev = value;
      prevIsNumber = true;
    } else {
      prevIsNumber = false;
    }
    if (first < 0) first = i;
    last = i;
  }
  const firstSample = first < 0 ? null : sampleAt(cols, first);
  return {
    sd, ed, samples: hi - lo, gaps, storedMs, valueMs,
    first: firstSample,
    last: last === first ? firstSample : sampleAt(cols, last),
    latest: hi > lo ? times[hi - 1]! : null,
    values: vals.agg(), weighted, held, increments: incs.agg(),
  };
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
 * combine(into, later) computed into `into` itself. Only for a state the caller has just made
 * (cloneState, emptyState): stored states are shared — storage may keep what it returned or
 * was given — and so are the extremes and samples a state points to, which is why this only
 * ever replaces those, never changes them.
 */
function absorb(into: RollupState, later: RollupState): void {
  if (into.ed > later.sd) throw new RangeError(`cannot combine [${into.sd}, ${into.ed}) with the overlapping or earlier [${later.sd}, ${later.ed})`);
  into.held += later.held;
  // Bridge into.last → later.first: the value held between them, and the register increment.
  const av = numberOf(into.last?.value ?? null);
  const bv = numberOf(later.first?.value ?? null);
  if (av !== undefined && bv !== undefined && into.last !== null && later.first !== null) {
    into.held += av * (later.first.time - into.last.time);
    addPoint(into.increments, meterIncrement(av, bv), later.first.time);
  }
  into.ed = later.ed;
  into.samples += later.samples;
  into.gaps += later.gaps;
  into.storedMs += later.storedMs;
  into.valueMs += later.valueMs;
  into.first ??= later.first;
  into.last = later.last ?? into.last;
  into.latest = later.latest ?? into.latest;
  mergeInto(into.values, later.values);
  into.weighted += later.weighted;
  mergeInto(into.increments, later.increments);
}

/**
 * The state of a's span followed by b's. Spans must not overlap (a.ed ≤ b.sd); anything
 * between them is taken to hold no samples.
 */
export function combine(a: RollupState, b: RollupState): RollupState {
  const out = cloneState(a);
  absorb(out, b);
  return out;
}

/**
 * `st` with the samples of `later` appended: `later` lies inside st's span and all its samples
 * come after st's (check with canAppend). How a write's delta joins its interval's stored
 * state in O(1); neither input is changed, and the result keeps st's span.
 */
export function appendState(st: RollupState, later: RollupState): RollupState {
  if (later.sd < st.sd || later.ed > st.ed) throw new RangeError(`[${later.sd}, ${later.ed}) is not inside [${st.sd}, ${st.ed})`);
  // combineRuns(st.sd, st.ed, [st, later]), with a copy of st for the first absorb
  const out = cloneState(st);
  out.ed = later.sd; // (out's samples precede later's)
  absorb(out, later);
  out.ed = st.ed;
  return out;
}

/**
 * State of [sd, ed) from runs of samples in time order — each run's samples all come after the
 * previous runs' — whose spans may overlap (a stored state spans its whole interval, a write's
 * delta starts at its first sample). The caller guarantees the order; spans are not checked.
 */
export function combineRuns(sd: number, ed: number, runs: readonly RollupState[]): RollupState {
  const acc = emptyState(sd, sd);
  for (const r of runs) {
    acc.ed = r.sd; // acc is ours, and its samples precede r's
    absorb(acc, r);
  }
  acc.ed = ed;
  return acc;
}

/** State of [sd, ed) from its children's states (in time order, any of them missing). */
export function combineAll(sd: number, ed: number, children: readonly RollupState[]): RollupState {
  const acc = emptyState(sd, sd);
  for (const c of children) absorb(acc, c);
  if (acc.ed > ed) throw new RangeError(`children extend past ${ed}`);
  acc.ed = ed;
  return acc;
}
