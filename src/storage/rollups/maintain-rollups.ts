/**
 * Keeps the materialised rollup states of a feed's streams exact, inside the feed's own
 * transaction (the caller runs this after the samples are merged, so raw reads see them).
 *
 * For each materialised cycle of a stream (smallest first, each tiling the next), the intervals
 * the written samples fall in are updated one of two ways:
 *  - append: every new sample of the interval is later than everything its state holds, so the
 *    samples are folded into the state in O(samples) — the common case of devices reporting now;
 *  - rebuild: a late, out-of-order or overwriting sample. The smallest cycle's interval is
 *    recomputed from its raw samples; a larger cycle's interval is re-combined from its
 *    children's states. Only intervals containing a written sample are touched, which is what
 *    makes a late write change exactly the affected intervals.
 * A state never depends on samples outside its interval (rollup/rollup-state.ts), so nothing
 * else needs to change.
 */
import { intervalAt, type Cycle, type Interval } from '../../rollup/cycle.js';
import { canAppend, combine, combineAll, fromSamples, fromSortedSamples, type RollupState } from '../../rollup/rollup-state.js';
import { instantSample, sampleStart, type Sample } from '../../rollup/sample.js';
import type { SampleValue } from '../chunks/sample-codec.js';
import type { StreamRollupPlan } from '../store.js';
import type { PutRow, RawRun, RollupTask, StateKey } from './rollup-io.js';
import type { RollupRow } from '../store.js';

export interface RollupWrite {
  stream: number;
  plan: StreamRollupPlan;
  /** strictly increasing (one entry per stream: merge a plan's writes first) */
  times: readonly number[];
  values: readonly SampleValue[];
}

/** The stored samples as the rollup core sees them: instants, or base intervals ending at `time`. */
export function toSamples(plan: StreamRollupPlan, times: readonly number[], values: readonly SampleValue[]): Sample[] {
  const out: Sample[] = new Array(times.length);
  const base = plan.base;
  let iv: Interval | null = null;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (base === null) {
      out[i] = instantSample(t, values[i]!);
      continue;
    }
    // Interval samples are stored at their interval's end; its start comes from the base cycle.
    if (iv === null || !(t > iv.sd && t <= iv.ed)) iv = intervalAt(base, t - 1, plan.zone);
    out[i] = { time: t, value: values[i]!, ms: t - iv.sd };
  }
  return out;
}

/** The raw time range [from, to) holding exactly the samples that lie in [sd, ed). */
export function rawRange(plan: StreamRollupPlan, iv: Interval): { from: number; to: number } {
  // Interval samples are keyed by their end: those inside [sd, ed) end in (sd, ed].
  return plan.base === null ? { from: iv.sd, to: iv.ed } : { from: iv.sd + 1, to: iv.ed + 1 };
}

interface Group {
  iv: Interval;
  /** the earliest written sample lying in iv */
  first: Sample;
  /** the state of just those samples, spanning [first sample's start, iv.ed) */
  delta: RollupState;
  state?: RollupState;
}

/** Splits time-ordered samples by the interval of `cycle` each starts in. */
function splitBy(cycle: Cycle, zone: string, samples: readonly Sample[]): { iv: Interval; samples: Sample[] }[] {
  const out: { iv: Interval; samples: Sample[] }[] = [];
  let cur: { iv: Interval; samples: Sample[] } | null = null;
  for (const s of samples) {
    const start = sampleStart(s);
    if (cur === null || start >= cur.iv.ed) {
      cur = { iv: intervalAt(cycle, start, zone), samples: [] };
      out.push(cur);
    }
    cur.samples.push(s);
  }
  return out;
}

/** Groups of the written samples by the interval of `cycle`, each with the state of its samples. */
function leafGroups(cycle: Cycle, zone: string, samples: readonly Sample[]): Group[] {
  return splitBy(cycle, zone, samples).map((g) => ({ iv: g.iv, first: g.samples[0]!, delta: fromSortedSamples(g.samples, sampleStart(g.samples[0]!), g.iv.ed) }));
}

/**
 * The groups of a larger cycle. Where the smaller cycle tiles it (always, except in zones whose
 * UTC offset moves by a fraction of the smaller cycle, e.g. hours in Australia/Lord_Howe or in
 * Asia/Kathmandu before 1986), the children's deltas are combined; otherwise the level is built
 * from the samples themselves.
 */
function parentGroups(cycle: Cycle, zone: string, children: readonly Group[], samples: readonly Sample[]): Group[] {
  const out: { iv: Interval; kids: Group[] }[] = [];
  let cur: { iv: Interval; kids: Group[] } | null = null;
  for (const c of children) {
    if (cur === null || c.iv.sd >= cur.iv.ed) {
      cur = { iv: intervalAt(cycle, c.iv.sd, zone), kids: [] };
      out.push(cur);
    }
    if (c.iv.ed > cur.iv.ed) return leafGroups(cycle, zone, samples); // a child straddles: no tiling here
    cur.kids.push(c);
  }
  return out.map(({ iv, kids }) => ({
    iv,
    first: kids[0]!.first,
    delta: combineAll(kids[0]!.delta.sd, iv.ed, kids.map((k) => k.delta)),
  }));
}

/** True when the intervals of `child` tile `iv` exactly (see parentGroups for when they do not). */
function tiles(child: Cycle, zone: string, iv: Interval): boolean {
  return intervalAt(child, iv.sd, zone).sd === iv.sd && intervalAt(child, iv.ed - 1, zone).ed === iv.ed;
}

const keyOf = (stream: number, cycle: Cycle, sd: number): string => `${stream}|${cycle.id}|${sd}`;

/** Combines child states (any order, some possibly stale) over `iv`, `fresh` winning by sd. */
function recombine(iv: Interval, stored: readonly RollupRow[], fresh: ReadonlyMap<number, RollupState>): RollupState {
  const bySd = new Map<number, RollupState>();
  for (const r of stored) bySd.set(r.sd, r.state);
  for (const [sd, st] of fresh) if (sd >= iv.sd && sd < iv.ed) bySd.set(sd, st);
  const children = [...bySd.values()].sort((a, b) => a.sd - b.sd);
  return combineAll(iv.sd, iv.ed, children);
}

/** Sets each group's state from the raw samples of its interval (read after the write). */
function* fromRaw(items: readonly { w: RollupWrite; g: Group }[]): RollupTask<void> {
  if (items.length === 0) return;
  const runs = (yield { kind: 'raw', ranges: items.map(({ w, g }) => ({ stream: w.stream, ...rawRange(w.plan, g.iv) })) }) as RawRun[];
  items.forEach(({ w, g }, i) => {
    const run = runs[i]!;
    // collectRange yields exactly the interval's samples, ascending
    g.state = fromSortedSamples(toSamples(w.plan, run.times, run.values), g.iv.sd, g.iv.ed);
  });
}

export function* maintainRollups(writes: readonly RollupWrite[]): RollupTask<void> {
  const work = writes
    .filter((w) => w.times.length > 0 && w.plan.chain.length > 0)
    .map((w) => {
      const { chain, zone } = w.plan;
      const samples = toSamples(w.plan, w.times, w.values);
      const levels = [leafGroups(chain[0]!, zone, samples)];
      for (let j = 1; j < chain.length; j++) levels.push(parentGroups(chain[j]!, zone, levels[j - 1]!, samples));
      return { w, levels };
    });
  if (work.length === 0) return;

  const keys: StateKey[] = [];
  for (const { w, levels } of work) {
    levels.forEach((groups, j) => {
      for (const g of groups) keys.push({ stream: w.stream, cycle: w.plan.chain[j]!, sd: g.iv.sd });
    });
  }
  const got = (yield { kind: 'get', keys }) as (RollupState | undefined)[];
  const existing = new Map<string, RollupState>();
  keys.forEach((k, i) => {
    const st = got[i];
    if (st) existing.set(keyOf(k.stream, k.cycle, k.sd), st);
  });

  /**
   * Appends the group's delta to its stored state when every written sample comes after what
   * that state holds (O(1), whatever the number of samples); false when it must be rebuilt.
   */
  const tryAppend = (stream: number, cycle: Cycle, g: Group): boolean => {
    const st = existing.get(keyOf(stream, cycle, g.iv.sd));
    if (st && !canAppend(st, g.first)) return false;
    const joined = st ? combine({ ...st, ed: g.delta.sd }, g.delta) : g.delta;
    g.state = { ...joined, sd: g.iv.sd, ed: g.iv.ed };
    return true;
  };

  // Smallest cycle: append, or rebuild from raw samples.
  const rebuild: { w: RollupWrite; g: Group }[] = [];
  for (const { w, levels } of work) {
    for (const g of levels[0]!) if (!tryAppend(w.stream, w.plan.chain[0]!, g)) rebuild.push({ w, g });
  }
  yield* fromRaw(rebuild);

  // Larger cycles, smallest first: append, or re-combine from the (now final) child states —
  // from raw samples where the child cycle does not tile the interval in this zone.
  const maxLevels = Math.max(...work.map((x) => x.levels.length));
  for (let j = 1; j < maxLevels; j++) {
    const pending: { stream: number; child: Cycle; g: Group; fresh: Map<number, RollupState> }[] = [];
    const untiled: { w: RollupWrite; g: Group }[] = [];
    for (const { w, levels } of work) {
      if (j >= levels.length) continue;
      const child = w.plan.chain[j - 1]!;
      const fresh = new Map<number, RollupState>();
      for (const c of levels[j - 1]!) fresh.set(c.iv.sd, c.state!);
      for (const g of levels[j]!) {
        if (tryAppend(w.stream, w.plan.chain[j]!, g)) continue;
        if (tiles(child, w.plan.zone, g.iv)) pending.push({ stream: w.stream, child, g, fresh });
        else untiled.push({ w, g });
      }
    }
    yield* fromRaw(untiled);
    if (pending.length === 0) continue;
    const rows = (yield {
      kind: 'rows',
      ranges: pending.map((p) => ({ stream: p.stream, cycle: p.child, from: p.g.iv.sd, to: p.g.iv.ed })),
    }) as RollupRow[][];
    pending.forEach((p, i) => {
      p.g.state = recombine(p.g.iv, rows[i]!, p.fresh);
    });
  }

  const put: PutRow[] = [];
  for (const { w, levels } of work) {
    levels.forEach((groups, j) => {
      for (const g of groups) put.push({ stream: w.stream, cycle: w.plan.chain[j]!, sd: g.iv.sd, ed: g.iv.ed, state: g.state! });
    });
  }
  yield { kind: 'put', rows: put };
}

/** The states of every materialised cycle of one stream, computed from all of its samples. */
export function statesFromSamples(plan: StreamRollupPlan, samples: readonly Sample[]): { cycle: Cycle; groups: { iv: Interval; state: RollupState }[] }[] {
  const out: { cycle: Cycle; groups: { iv: Interval; state: RollupState }[] }[] = [];
  for (const cycle of plan.chain) {
    const groups = splitBy(cycle, plan.zone, samples).map((g) => ({ iv: g.iv, state: fromSamples(g.samples, g.iv.sd, g.iv.ed) }));
    out.push({ cycle, groups });
  }
  return out;
}

/**
 * Drops a stream's states and recomputes them from all its raw samples (after its kind, base
 * cycle, calendar or zone changed, or for data stored before rollups existed). A null plan
 * only drops them.
 */
export function* rebuildRollups(stream: number, plan: StreamRollupPlan | null): RollupTask<void> {
  if (plan === null || plan.chain.length === 0) {
    yield { kind: 'put', rows: [], deleteStreams: [stream] };
    return;
  }
  const [run] = (yield { kind: 'raw', ranges: [{ stream, from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER }] }) as RawRun[];
  const samples = toSamples(plan, run!.times, run!.values);
  const rows: PutRow[] = [];
  for (const { cycle, groups } of statesFromSamples(plan, samples)) {
    for (const g of groups) rows.push({ stream, cycle, sd: g.iv.sd, ed: g.iv.ed, state: g.state });
  }
  yield { kind: 'put', rows, deleteStreams: [stream] };
}
