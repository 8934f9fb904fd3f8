/**
 * Keeps the materialised rollup states of a feed's streams exact, inside the feed's own
 * transaction (the caller runs this after the samples are merged, so raw reads see them).
 *
 * For each materialised cycle of a stream (smallest first, each tiling the next), the intervals
 * the written samples fall in are updated the cheapest exact way (docs/statistics.md):
 *  - append: every new sample of the interval is later than everything its state holds, so the
 *    write's delta is combined onto it in O(1) — the common case of devices reporting now;
 *  - insert (smallest cycle): a late batch that fits between two runs the state was appended
 *    from is combined in between them (runs.ts);
 *  - rewrite (larger cycles): the unchanged children before the first written one (their
 *    combination remembered by the session), the rewritten children and the few stored after
 *    them are combined;
 *  - rebuild: anything else late, out-of-order or overwriting in the smallest cycle, whose
 *    interval is recomputed from its raw samples (as is a larger one where its children do not
 *    tile it in the zone).
 * Only intervals containing a written sample are touched, which is what makes a late write
 * change exactly the affected intervals.
 * A state never depends on samples outside its interval (rollup/rollup-state.ts), so nothing
 * else needs to change.
 */
import { badRequest } from '../../domain/errors.js';
import { intervalAt, type Cycle, type Interval } from '../../rollup/cycle.js';
import { appendState, canAppendAt, combineAll, combineRuns, fromSortedColumns, type RollupState } from '../../rollup/rollup-state.js';
import { sampleStart, type SampleColumns } from '../../rollup/sample.js';
import { columnsOf, rawRange, reachesBelowHorizon } from '../../rollup/stored-samples.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { RollupRow, StreamRollupPlan } from '../store.js';
import type { PutRow, RawRun, RollupTask, StateKey, StoredState } from './rollup-io.js';
import { Runs } from './runs.js';

export interface RollupWrite {
  stream: number;
  plan: StreamRollupPlan;
  /** strictly increasing (one entry per stream: merge a plan's writes first) */
  times: readonly number[];
  values: readonly SampleValue[];
  /** where each merged write's stretch of samples begins (stream-writes.ts); default: [0] */
  runStarts?: readonly number[];
  /** the stream's raw horizon: retention deleted its raw samples before it (null or absent: none) */
  rawFrom?: number | null;
}

/**
 * The written samples lying in one interval of one cycle of a stream: the key of its stored
 * state (so the groups themselves are what the maintainer asks for), and what it needs to
 * update it. One object per interval and write, every group the same shape.
 */
interface Group extends StateKey, Interval {
  /** start and time of the earliest written sample lying in the interval */
  firstStart: number;
  firstTime: number;
  /**
   * groups built from the samples (leafGroups): the written samples lo..hi−1 of cols, the
   * starts of the runs among them after lo (merged writes' stretches, stream-writes.ts), and
   * each run's state, in order (undefined: one run, the delta); cols is undefined for groups
   * combined from their children's
   */
  cols: SampleColumns | undefined;
  lo: number;
  hi: number;
  cuts: readonly number[];
  written: readonly RollupState[] | undefined;
  /**
   * the state of just those samples, spanning [first sample's start, ed) — or to the end of
   * its only child's interval, whose delta it shares. Shared, so never changed.
   */
  delta: RollupState;
  /** the interval's state as stored before this write, once fetched, and the runs it was built from (runs.ts) */
  stored: RollupState | undefined;
  storedRuns: readonly RollupState[] | undefined;
  /** the interval's state after this write, and the runs it is built from (smallest cycle only) */
  state: RollupState | undefined;
  runs: readonly RollupState[] | undefined;
}

const NO_CUTS: readonly number[] = [];

function group(stream: number, cycle: Cycle, iv: Interval, firstStart: number, firstTime: number, delta: RollupState): Group {
  return {
    stream, cycle, sd: iv.sd, ed: iv.ed, firstStart, firstTime,
    cols: undefined, lo: 0, hi: 0, cuts: NO_CUTS, written: undefined, delta, stored: undefined, storedRuns: undefined, state: undefined, runs: undefined,
  };
}

/** One write's groups: levels[j] for the stream's plan.chain[j]. */
interface StreamWork {
  w: RollupWrite;
  levels: Group[][];
}

/** Calls `each` for every interval of `cycle` that samples start in, with those samples' index range lo..hi−1 (`starts` ascending). */
function eachInterval(cycle: Cycle, zone: string, starts: readonly number[], each: (iv: Interval, lo: number, hi: number) => void): void {
  for (let lo = 0; lo < starts.length; ) {
    const iv = intervalAt(cycle, starts[lo]!, zone);
    let hi = lo + 1;
    while (hi < starts.length && starts[hi]! < iv.ed) hi++;
    each(iv, lo, hi);
    lo = hi;
  }
}

/**
 * Groups of the written samples by the interval of `cycle` each starts in, each with the state of
 * its samples and, given runStarts, the runs that begin inside it — each folded once, the delta
 * combined from them.
 */
function leafGroups(stream: number, cycle: Cycle, zone: string, cols: SampleColumns, runStarts: readonly number[] = NO_CUTS): Group[] {
  const out: Group[] = [];
  const { times, starts } = cols;
  let r = 0;
  eachInterval(cycle, zone, starts, (iv, lo, hi) => {
    while (r < runStarts.length && runStarts[r]! <= lo) r++;
    let cuts = NO_CUTS;
    let runs: RollupState[] | undefined;
    let delta: RollupState;
    if (r < runStarts.length && runStarts[r]! < hi) {
      const mine: number[] = [];
      while (r < runStarts.length && runStarts[r]! < hi) mine.push(runStarts[r++]!);
      cuts = mine;
      runs = [];
      let k = lo;
      for (let c = 0; c <= cuts.length; c++) {
        const end = c < cuts.length ? cuts[c]! : hi;
        runs.push(fromSortedColumns(cols, k, end, starts[k]!, iv.ed));
        k = end;
      }
      delta = combineRuns(starts[lo]!, iv.ed, runs);
    } else {
      delta = fromSortedColumns(cols, lo, hi, starts[lo]!, iv.ed);
    }
    const g = group(stream, cycle, iv, starts[lo]!, times[lo]!, delta);
    g.cols = cols;
    g.lo = lo;
    g.hi = hi;
    g.cuts = cuts;
    g.written = runs;
    out.push(g);
  });
  return out;
}

/**
 * The groups of a larger cycle. Where the smaller cycle tiles it (always, except in zones whose
 * UTC offset moves by a fraction of the smaller cycle, e.g. hours in Australia/Lord_Howe or in
 * Asia/Kathmandu before 1986), the children's deltas are combined; otherwise the level is built
 * from the samples themselves.
 */
function parentGroups(stream: number, cycle: Cycle, zone: string, children: readonly Group[], cols: SampleColumns): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < children.length; ) {
    const iv = intervalAt(cycle, children[i]!.sd, zone);
    let j = i + 1;
    while (j < children.length && children[j]!.sd < iv.ed) j++;
    // Children are ordered and disjoint, so only the last of them can straddle iv's end.
    if (children[j - 1]!.ed > iv.ed) return leafGroups(stream, cycle, zone, cols); // no tiling here
    // One child (a write within one hour, the usual case) passes its delta up as it is: deltas
    // are never changed once made, and combining a single state would only copy it.
    const first = children[i]!;
    const delta = j === i + 1 ? first.delta : combineAll(first.delta.sd, iv.ed, children.slice(i, j).map((c) => c.delta));
    out.push(group(stream, cycle, iv, first.firstStart, first.firstTime, delta));
    i = j;
  }
  return out;
}

/** Every level's groups of one write's samples, smallest cycle first. */
function groupWrite(w: RollupWrite): StreamWork {
  const { chain, zone } = w.plan;
  const cols = columnsOf(w.plan, w.times, w.values);
  const levels = [leafGroups(w.stream, chain[0]!, zone, cols, w.runStarts)];
  for (let j = 1; j < chain.length; j++) levels.push(parentGroups(w.stream, chain[j]!, zone, levels[j - 1]!, cols));
  return { w, levels };
}

/**
 * tiles' last answer: it is asked about the same day by every stream a late write reaches, and
 * its two lookups at either end would each replace the other as intervalAt's last answer.
 * (Cycles are never changed in place, so an answer stays right for its cycle object.)
 */
let lastTiles: { child: Cycle | undefined; zone: string; sd: number; ed: number; answer: boolean } = { child: undefined, zone: '', sd: 0, ed: 0, answer: false };

/** True when the intervals of `child` tile `iv` exactly (see parentGroups for when they do not). */
function tiles(child: Cycle, zone: string, iv: Interval): boolean {
  const t = lastTiles;
  if (t.child === child && t.zone === zone && t.sd === iv.sd && t.ed === iv.ed) return t.answer;
  const answer = intervalAt(child, iv.sd, zone).sd === iv.sd && intervalAt(child, iv.ed - 1, zone).ed === iv.ed;
  lastTiles = { child, zone, sd: iv.sd, ed: iv.ed, answer };
  return answer;
}

/**
 * Sets the group's state by appending its delta to the stored state when every written sample
 * comes after what that state holds (O(1), whatever the number of samples); false when the
 * interval must be rebuilt. Runs are kept for the smallest cycle only (`leaf`): a larger one
 * written late combines its children instead (rewriteOf), and every run kept is a state held
 * alive until the next write.
 */
function tryAppend(g: Group, leaf: boolean): boolean {
  const st = g.stored;
  if (st === undefined) {
    g.state = combineAll(g.sd, g.ed, [g.delta]); // a copy: deltas are shared between levels
    if (leaf) g.runs = withWritten(Runs.empty(), g).capped();
    return true;
  }
  if (!canAppendAt(st, g.firstStart, g.firstTime)) return leaf && tryInsert(g, st);
  g.state = appendState(st, g.delta);
  if (leaf) g.runs = withWritten(Runs.of(st, g.storedRuns), g).capped();
  return true;
}

/** `runs` followed by the group's written runs. */
function withWritten(runs: Runs, g: Group): Runs {
  if (g.written === undefined) runs.add(g.delta);
  else for (const r of g.written) runs.add(r);
  return runs;
}

/**
 * Puts the written samples between the runs of the stored state, when each stretch of them fits
 * between two runs (or after the last) without overlapping one. One write may fill several
 * holes: a group commit merges concurrent requests' batches, so the batch that was late and the
 * one after the newest stored run arrive as one write.
 */
function tryInsert(g: Group, st: RollupState): boolean {
  const { cols, lo, hi, cuts } = g;
  if (cols === undefined) return false;
  const { times, starts } = cols;
  const runs = g.storedRuns ?? [st];
  const joined = Runs.empty();
  let i = 0;
  let c = 0;
  for (let k = lo; k < hi; ) {
    // A stretch ends where a run of the write ends, at the latest.
    while (c < cuts.length && cuts[c]! <= k) c++;
    const end = c < cuts.length ? cuts[c]! : hi;
    const runStart = c === 0 ? lo : cuts[c - 1]!;
    // Runs the next written sample comes after (canAppend, on the columns)…
    for (let r = runs[i]; r !== undefined && (r.latest === null || (starts[k]! >= r.latest && times[k]! > r.latest)); r = runs[++i]) joined.add(r);
    // …and the stretch of written samples before the run that follows, if any. Without gaps, a
    // run's `first` is its earliest sample.
    const next = runs[i];
    let j = end;
    if (next !== undefined) {
      if (next.gaps > 0 || next.first === null) return false;
      const before = sampleStart(next.first);
      j = k;
      while (j < end && before >= times[j]! && next.first.time > times[j]!) j++;
      if (j === k) return false; // the sample overlaps the run
    }
    // (a whole run of the write is folded already)
    const whole = k === runStart && j === end;
    joined.add(whole ? (g.written?.[c] ?? g.delta) : fromSortedColumns(cols, k, j, starts[k]!, g.ed));
    k = j;
  }
  for (; i < runs.length; i++) joined.add(runs[i]!);
  g.state = combineRuns(g.sd, g.ed, joined.states);
  g.runs = joined.capped();
  return true;
}

/** A group whose state is set: the row that stores it. */
function done(g: Group): PutRow {
  if (!hasState(g)) throw new Error(`rollup state of ${g.cycle.id} ${g.sd} was not computed`);
  return g;
}
const hasState = (g: Group): g is Group & { state: RollupState } => g.state !== undefined;

/** How to re-combine a parent out of order (rewriteOf). */
interface Rewrite {
  stream: number;
  child: Cycle;
  g: Group;
  kids: Group[];
  rest: boolean;
}

/**
 * How to re-combine a parent `g` that a write changed out of order, through its written
 * children (`kids`, in time order): the unchanged children before the first kid (combined once,
 * remembered by the session), the kids, and the stored children from the first kid on that are
 * not kids (`rest`: none when one kid is the parent's newest). A late write into the current
 * hour, or into the hour before it (its last batch committing after the next hour's first), then
 * costs two or three states instead of all of the parent's children.
 */
function rewriteOf(stream: number, child: Cycle, g: Group, children: readonly Group[]): Rewrite | undefined {
  const kids = children.filter((c) => c.sd >= g.sd && c.sd < g.ed);
  const last = kids[kids.length - 1];
  if (last === undefined) return undefined; // (children that tile g hold every sample in it)
  const latest = g.stored?.latest ?? null;
  // Stored samples all start before the last kid's end: instants by time, intervals end by it.
  const intervals = last.firstTime > last.firstStart;
  const nothingAfter = latest === null || latest < last.ed || (intervals && latest === last.ed);
  return { stream, child, g, kids, rest: kids.length > 1 || !nothingAfter };
}

/** g's state from the combination before its first kid, the kids, and the stored children among and after them. */
function recombine(r: Rewrite, before: RollupState, rest: readonly RollupRow[]): RollupState {
  const parts = [before];
  let k = 0;
  for (const row of rest) {
    while (k < r.kids.length && r.kids[k]!.sd < row.sd) parts.push(r.kids[k++]!.state!);
    // a kid replaces its stored state
    if (k < r.kids.length && r.kids[k]!.sd === row.sd) parts.push(r.kids[k++]!.state!);
    else parts.push(row.state);
  }
  while (k < r.kids.length) parts.push(r.kids[k++]!.state!);
  return combineAll(r.g.sd, r.g.ed, parts);
}

/**
 * Sets each group's state from the raw samples of its interval (read after the write). An
 * interval reaching below the stream's raw horizon cannot be: retention deleted part of its
 * samples, and its statistics would silently lose them. Retention cuts at interval starts
 * (retention/retention-cutoff.ts rawCut), so this is refused only where no cut can avoid it — a
 * larger cycle its children do not tile (Australia/Lord_Howe's days), or a horizon cut before
 * that rule — and the whole write fails, as a sample below the horizon does.
 */
function* fromRaw(items: readonly { w: RollupWrite; g: Group }[]): RollupTask<void> {
  if (items.length === 0) return;
  for (const { w, g } of items) {
    if (reachesBelowHorizon(w.plan, g, w.rawFrom)) {
      const iso = (t: number) => new Date(t).toISOString();
      throw badRequest(
        `cannot write samples into ${iso(g.sd)} .. ${iso(g.ed)} out of order: its statistics are recomputed from its raw samples, and retention deleted those before ${iso(w.rawFrom!)}`,
      );
    }
  }
  const runs = (yield { kind: 'raw', ranges: items.map(({ w, g }) => ({ stream: w.stream, ...rawRange(w.plan, g) })) }) as RawRun[];
  items.forEach(({ w, g }, i) => {
    const run = runs[i]!;
    // collectRange yields exactly the interval's samples, ascending
    g.state = fromSortedColumns(columnsOf(w.plan, run.times, run.values), 0, run.times.length, g.sd, g.ed);
  });
}

export function* maintainRollups(writes: readonly RollupWrite[]): RollupTask<void> {
  const work: StreamWork[] = [];
  let maxLevels = 0;
  for (const w of writes) {
    if (w.times.length === 0 || w.plan.chain.length === 0) continue;
    work.push(groupWrite(w));
    maxLevels = Math.max(maxLevels, w.plan.chain.length);
  }
  if (work.length === 0) return;

  // (a group is the key of its interval's state)
  const keys: StateKey[] = [];
  for (const { levels } of work) for (const groups of levels) for (const g of groups) keys.push(g);
  const got = (yield { kind: 'get', keys }) as (StoredState | undefined)[];
  // The answers come in the keys' order, which is the groups' order.
  let k = 0;
  for (const { levels } of work) {
    for (const groups of levels) {
      for (const g of groups) {
        const s = got[k++];
        g.stored = s?.state;
        g.storedRuns = s?.runs;
      }
    }
  }

  // Smallest cycle: append, or rebuild from raw samples.
  const rebuild: { w: RollupWrite; g: Group }[] = [];
  for (const { w, levels } of work) {
    for (const g of levels[0]!) if (!tryAppend(g, true)) rebuild.push({ w, g });
  }
  yield* fromRaw(rebuild);

  // Larger cycles, smallest first: append, or re-combine from the (now final) child states —
  // from raw samples where the child cycle does not tile the interval in this zone.
  for (let j = 1; j < maxLevels; j++) {
    const rewrites: Rewrite[] = [];
    const untiled: { w: RollupWrite; g: Group }[] = [];
    for (const { w, levels } of work) {
      if (j >= levels.length) continue;
      const child = w.plan.chain[j - 1]!;
      for (const g of levels[j]!) {
        if (tryAppend(g, false)) continue;
        const r = tiles(child, w.plan.zone, g) ? rewriteOf(w.stream, child, g, levels[j - 1]!) : undefined;
        if (r) rewrites.push(r);
        else untiled.push({ w, g });
      }
    }
    yield* fromRaw(untiled);
    if (rewrites.length === 0) continue;
    const before = (yield {
      kind: 'prefix',
      ranges: rewrites.map((r) => ({ stream: r.stream, cycle: r.child, from: r.g.sd, to: r.kids[0]!.sd })),
    }) as RollupState[];
    const withRest = rewrites.filter((r) => r.rest);
    const rest = withRest.length === 0 ? [] : ((yield {
      kind: 'rows',
      ranges: withRest.map((r) => ({ stream: r.stream, cycle: r.child, from: r.kids[0]!.sd, to: r.g.ed })),
    }) as RollupRow[][]);
    let k = 0;
    rewrites.forEach((r, i) => {
      r.g.state = recombine(r, before[i]!, r.rest ? rest[k++]! : []);
    });
  }

  // (a group, its state now set, is the row that stores it)
  const put: PutRow[] = [];
  for (const { levels } of work) for (const groups of levels) for (const g of groups) put.push(done(g));
  yield { kind: 'put', rows: put };
}

/** What a rebuild keeps: stored states of intervals reaching below the raw horizon (rollup-reads.ts readBelow). */
export interface KeptBelow {
  rawFrom: number;
  /** the chain cycles whose stored states still fit the plan (rollup/plan-change.ts) */
  keep: readonly string[];
  /** per cycle of the plan's chain, ascending (empty for a cycle not kept) */
  rows: readonly (readonly RollupRow[])[];
}

/**
 * Drops a stream's states and recomputes them from all its raw samples (after its kind, base
 * cycle, calendar or zone changed, or for data stored before rollups existed). A null plan
 * only drops them.
 *
 * With `kept` (retention deleted the stream's raw samples before `kept.rawFrom`), the stored
 * states of the kept cycles' intervals reaching below the horizon are all that is left of those
 * samples, so they stay as they are — the smallest cycle's that straddles the horizon too
 * (retention cuts at its interval starts, so one straddles only where an older cut did not);
 * a larger interval straddling it is combined from its children as rebuilt, where they tile it
 * and were kept themselves.
 */
export function* rebuildRollups(stream: number, plan: StreamRollupPlan | null, kept?: KeptBelow): RollupTask<void> {
  if (plan === null || plan.chain.length === 0) {
    yield { kind: 'put', rows: [], deleteStreams: [stream] };
    return;
  }
  const [run] = (yield { kind: 'raw', ranges: [{ stream, from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER }] }) as RawRun[];
  // Folded from the columns, interval by interval: a stream's whole history, so no object per sample.
  const cols = columnsOf(plan, run!.times, run!.values);
  const rows: PutRow[] = [];
  let children: PutRow[] = [];
  // Whether the level below holds, for every interval reaching below the horizon, a state of all
  // its samples (kept, or combined from such a level): only then may a larger interval be
  // combined from it there — else what raw samples give is all there is.
  let childrenComplete = false;
  plan.chain.forEach((cycle, j) => {
    const level = new Map<number, PutRow>();
    eachInterval(cycle, plan.zone, cols.starts, (iv, lo, hi) => level.set(iv.sd, { stream, cycle, sd: iv.sd, ed: iv.ed, state: fromSortedColumns(cols, lo, hi, iv.sd, iv.ed) }));
    const child = plan.chain[j - 1];
    const isKept = kept !== undefined && kept.keep.includes(cycle.id);
    let complete = isKept;
    const combined = new Set<number>();
    if (kept && child && childrenComplete) {
      // Intervals reaching below the horizon, combined from the complete children they hold where
      // those tile them (a kept interval straddling the horizon too: its stored state lacks what
      // the rebuild found above it). Children are ordered and disjoint.
      complete = true;
      for (let i = 0; i < children.length; ) {
        const iv = intervalAt(cycle, children[i]!.sd, plan.zone);
        let k = i;
        while (k < children.length && children[k]!.sd < iv.ed) k++;
        if (reachesBelowHorizon(plan, iv, kept.rawFrom)) {
          if (tiles(child, plan.zone, iv)) {
            level.set(iv.sd, { stream, cycle, sd: iv.sd, ed: iv.ed, state: combineAll(iv.sd, iv.ed, children.slice(i, k).map((c) => c.state)) });
            combined.add(iv.sd);
          } else complete = isKept;
        }
        i = k;
      }
    }
    // Kept states the children could not give stay as stored (an untiled interval, or one with no
    // child states: all its samples deleted before any smaller cycle was materialised).
    for (const r of kept?.rows[j] ?? []) if (!combined.has(r.sd)) level.set(r.sd, { stream, cycle, sd: r.sd, ed: r.ed, state: r.state });
    children = [...level.values()].sort((a, b) => a.sd - b.sd);
    childrenComplete = complete;
    rows.push(...children);
  });
  yield { kind: 'put', rows, deleteStreams: [stream] };
}
