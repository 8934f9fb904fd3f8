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

/**
 * Sum, count and extremes of a series of numbers (values, or meter increments). The extremes
 * and their times mean something only while count > 0 (they are 0 before); on a tie the
 * earlier extreme is kept.
 */
export interface SeriesAgg {
  sum: number;
  count: number;
  min: number;
  minTime: number;
  max: number;
  maxTime: number;
}

/**
 * Plain JSON-serialisable data, so storage can keep it as is. One object of numbers (and its
 * first and last samples, shared and never changed) rather than nested aggregates: the write
 * path copies a state for every interval it appends to, and the rollup cache keeps states and
 * the runs they were made of from one write to the next, so every object a state is made of is
 * copied, and collected, many times over.
 *
 * The values' aggregate is the state's own sum … maxTime (a state is the SeriesAgg of its
 * values), the increments' the inc… fields.
 */
export interface RollupState extends SeriesAgg {
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
  /** Σ value × ms over non-gap samples (time-weighted average of interval streams) */
  weighted: number;
  /** Σ vᵢ × (tᵢ₊₁ − tᵢ) over consecutive non-gap samples (sample-and-hold between samples) */
  held: number;
  /** register increments between consecutive non-gap readings, each at the later reading */
  incSum: number;
  incCount: number;
  incMin: number;
  incMinTime: number;
  incMax: number;
  incMaxTime: number;
}

export function emptyState(sd: number, ed: number): RollupState {
  return {
    sd, ed, samples: 0, gaps: 0, storedMs: 0, valueMs: 0, first: null, last: null, latest: null,
    sum: 0, count: 0, min: 0, minTime: 0, max: 0, maxTime: 0, weighted: 0, held: 0,
    incSum: 0, incCount: 0, incMin: 0, incMinTime: 0, incMax: 0, incMaxTime: 0,
  };
}

/**
 * A copy that may be changed in place; its samples stay shared (they are never changed, only
 * replaced). Spelled out rather than spread: the spread copy measured several times slower,
 * and this runs for every interval a write appends to.
 */
function cloneState(s: RollupState): RollupState {
  return {
    sd: s.sd, ed: s.ed, samples: s.samples, gaps: s.gaps, storedMs: s.storedMs, valueMs: s.valueMs, first: s.first, last: s.last, latest: s.latest,
    sum: s.sum, count: s.count, min: s.min, minTime: s.minTime, max: s.max, maxTime: s.maxTime, weighted: s.weighted, held: s.held,
    incSum: s.incSum, incCount: s.incCount, incMin: s.incMin, incMinTime: s.incMinTime, incMax: s.incMax, incMaxTime: s.incMaxTime,
  };
}

// Adding a number, and merging a later series in, for each of the two series. Points arrive in
// time order, so a tie keeps the extreme already held.

function addValue(st: RollupState, v: number, time: number): void {
  if (st.count === 0 || v < st.min) (st.min = v), (st.minTime = time);
  if (st.count === 0 || v > st.max) (st.max = v), (st.maxTime = time);
  st.sum += v;
  st.count += 1;
}

function addIncrement(st: RollupState, v: number, time: number): void {
  if (st.incCount === 0 || v < st.incMin) (st.incMin = v), (st.incMinTime = time);
  if (st.incCount === 0 || v > st.incMax) (st.incMax = v), (st.incMaxTime = time);
  st.incSum += v;
  st.incCount += 1;
}

function mergeValues(into: RollupState, later: RollupState): void {
  if (later.count > 0) {
    if (into.count === 0 || later.min < into.min) (into.min = later.min), (into.minTime = later.minTime);
    if (into.count === 0 || later.max > into.max) (into.max = later.max), (into.maxTime = later.maxTime);
  }
  into.sum += later.sum;
  into.count += later.count;
}

function mergeIncrements(into: RollupState, later: RollupState): void {
  if (later.incCount > 0) {
    if (into.incCount === 0 || later.incMin < into.incMin) (into.incMin = later.incMin), (into.incMinTime = later.incMinTime);
    if (into.incCount === 0 || later.incMax > into.incMax) (into.incMax = later.incMax), (into.incMaxTime = later.incMaxTime);
  }
  into.incSum += later.incSum;
  into.incCount += later.incCount;
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
    addValue(st, v, s.time);
    st.weighted += v * s.ms;
    if (prev !== undefined && st.last !== null) {
      st.held += prev * (s.time - st.last.time);
      addIncrement(st, meterIncrement(prev, v), s.time);
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

/** A series' sum, count and extremes in plain numbers while a fold runs (see addValue). */
class AggBuilder {
  sum = 0;
  count = 0;
  min = 0;
  minTime = 0;
  max = 0;
  maxTime = 0;

  add(value: number, time: number): void {
    // Same operations in the same order as addValue, so the sums are bit-identical.
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
    sum: vals.sum, count: vals.count, min: vals.min, minTime: vals.minTime, max: vals.max, maxTime: vals.maxTime, weighted, held,
    incSum: incs.sum, incCount: incs.count, incMin: incs.min, incMinTime: incs.minTime, incMax: incs.max, incMaxTime: incs.maxTime,
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
  return canAppendAt(st, sampleStart(s), s.time);
}

/** canAppend of a sample starting at `start` and stored at `time`. */
export function canAppendAt(st: RollupState, start: number, time: number): boolean {
  return st.latest === null || (start >= st.latest && time > st.latest);
}

/**
 * combine(into, later) computed into `into` itself. Only for a state the caller has just made
 * (cloneState, emptyState): stored states are shared — storage may keep what it returned or
 * was given — and so are the samples a state points to, which is why this only ever replaces
 * those, never changes them.
 */
function absorb(into: RollupState, later: RollupState): void {
  if (into.ed > later.sd) throw new RangeError(`cannot combine [${into.sd}, ${into.ed}) with the overlapping or earlier [${later.sd}, ${later.ed})`);
  into.held += later.held;
  // Bridge into.last → later.first: the value held between them, and the register increment.
  const av = numberOf(into.last?.value ?? null);
  const bv = numberOf(later.first?.value ?? null);
  if (av !== undefined && bv !== undefined && into.last !== null && later.first !== null) {
    into.held += av * (later.first.time - into.last.time);
    addIncrement(into, meterIncrement(av, bv), later.first.time);
  }
  into.ed = later.ed;
  into.samples += later.samples;
  into.gaps += later.gaps;
  into.storedMs += later.storedMs;
  into.valueMs += later.valueMs;
  into.first ??= later.first;
  into.last = later.last ?? into.last;
  into.latest = later.latest ?? into.latest;
  mergeValues(into, later);
  into.weighted += later.weighted;
  mergeIncrements(into, later);
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
  const out = joinRuns(st, later);
  out.ed = st.ed;
  return out;
}

/**
 * combineRuns(a.sd, b.ed, [a, b]), computed into a copy of `a`: the same operations in the same
 * order (adding to a copy's sums instead of to an empty state's zeros gives the same numbers).
 */
export function joinRuns(a: RollupState, b: RollupState): RollupState {
  const out = cloneState(a);
  out.ed = b.sd; // (out's samples precede b's)
  absorb(out, b);
  out.ed = b.ed;
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
