/**
 * Answers "statistics of stream S per interval of cycle C" for both dialects (GroveStreams'
 * cycle/stat feeds, GridDuck's aggregate and instantaneous telemetry), from the cheapest exact
 * source:
 *  1. C is materialised for S: one range read of stored states;
 *  2. a materialised cycle tiles C (e.g. week from days): its states combined per interval;
 *  3. otherwise (second … fifteen-minute cycles, point streams): the raw samples.
 * Every interval is finalized with the carry from before it (the latest earlier value, for
 * sample-and-hold averages and cumulative meters) and held no later than "now". An interval
 * stream answers only cycles its base cycle tiles in the intervals read (400 otherwise:
 * stat-cycle-error.ts).
 */
import { badRequest } from '../domain/errors.js';
import type { Stream } from '../domain/model.js';
import { tilingError } from '../rollup/calendar.js';
import { fixedLengthMs, intervalAt, nominalLengthMs, previousInterval, type Cycle, type Interval } from '../rollup/cycle.js';
import { finalizerFor } from '../rollup/finalize.js';
import { combineAll, emptyState, fromSortedColumns, type RollupState } from '../rollup/rollup-state.js';
import { sampleStart, type Sample, type SampleColumns } from '../rollup/sample.js';
import type { StatId, StatValue } from '../rollup/stat-id.js';
import { rollupSettingsOf, streamRollupPlan, type RollupVocabulary, type StreamRollupPlan } from '../rollup/stream-plan.js';
import { columnsOf, rawRange, reachesBelowHorizon, toSamples } from '../rollup/stored-samples.js';
import type { Store } from '../storage/store.js';
import { latestSampleStart } from './latest-sample-start.js';
import { statCycleError } from './stat-cycle-error.js';

/** Raw samples one request may fold (a minute cycle over a month of one-second data is 2.6M). */
export const MAX_RAW_SAMPLES = 5_000_000;

export interface StatQuery {
  stream: Stream;
  /** the component's zone */
  zone: string;
  cycle: Cycle;
  stats: readonly StatId[];
  /** intervals overlapping [sd, ed); without them, the intervals holding the stream's data */
  sd?: number;
  ed?: number;
  /** at most this many intervals, the latest ones */
  limit: number;
  /** what messages call the cycle (default its id; stat-cycle-error.ts) */
  cycleName?: string;
}

export interface StatInterval {
  sd: number;
  ed: number;
  /** one per requested stat, in order */
  values: StatValue[];
}

type Source = { kind: 'states'; cycle: Cycle; combine: boolean } | { kind: 'raw' };

export class StatReader {
  constructor(
    private readonly store: Store,
    private readonly vocabulary: (orgKey: number) => Promise<RollupVocabulary>,
    private readonly now: () => number,
  ) {}

  /** Intervals in ascending time order. */
  async read(orgKey: number, q: StatQuery): Promise<StatInterval[]> {
    if (q.limit <= 0) return [];
    const plan = streamRollupPlan(q.stream, q.zone, await this.vocabulary(orgKey));
    const lo = q.sd ?? (await this.firstInstant(q.stream, plan));
    const last = q.ed === undefined ? await latestSampleStart(this.store, q.stream, plan) : undefined;
    const hi = q.ed ?? (last === undefined ? undefined : last + 1);
    const intervals = lo === undefined || hi === undefined || hi <= lo ? [] : intervalsBack(q.cycle, q.zone, lo, hi, q.limit);
    const from = intervals[0]?.sd ?? 0;
    const to = intervals[intervals.length - 1]?.ed ?? 0;
    // what the zone does elsewhere does not matter to these intervals (none: the structure alone)
    const untiled = statCycleError(q.stream, plan.base, q.cycle, q.zone, { from, to }, q.cycleName);
    if (untiled) throw badRequest(untiled);
    if (intervals.length === 0) return [];
    const source = sourceFor(q.cycle, plan);
    const settings = rollupSettingsOf(q.stream);
    const until = this.now();
    const out: StatInterval[] = [];

    // A stored cycle tiles the requested one on the calendar, but not in a zone whose offset
    // moves by a fraction of it (an hour cycle under a 2-hour one in Australia/Lord_Howe): a
    // child that straddles an interval's end sends the whole read to the raw samples.
    let straddles = false;
    if (source.kind === 'states') {
      const finalizers = q.stats.map((id) => finalizerFor(id, settings));
      const { rows, before } = await this.store.rollups.rangeWithCarry(q.stream.key, source.cycle, from, to);
      let carry: Sample | null = before?.state.last ?? null;
      let r = 0;
      for (const iv of intervals) {
        let st: RollupState;
        if (source.combine) {
          const children: RollupState[] = [];
          while (r < rows.length && rows[r]!.sd < iv.ed) {
            if (rows[r]!.sd >= iv.sd) children.push(rows[r]!.state);
            if (rows[r]!.ed > iv.ed || (rows[r]!.sd < iv.sd && rows[r]!.ed > iv.sd)) straddles = true;
            r++;
          }
          if (straddles) break;
          st = combineAll(iv.sd, iv.ed, children);
        } else {
          while (r < rows.length && rows[r]!.sd < iv.sd) r++;
          st = r < rows.length && rows[r]!.sd === iv.sd ? rows[r]!.state : emptyState(iv.sd, iv.ed);
        }
        const values = new Array<StatValue>(finalizers.length);
        for (let k = 0; k < finalizers.length; k++) values[k] = finalizers[k]!(st, carry, until);
        out.push({ sd: iv.sd, ed: iv.ed, values });
        carry = st.last ?? carry;
      }
      if (!straddles) return out;
      out.length = 0;
    }

    // Each interval's state straight from the sample columns, then the same finalizers as
    // stored states: no object per sample (a minute cycle over a day of 1-second data folds
    // 86,400 of them), and the rollup oracle tests that this equals the direct definitions.
    // Where retention deleted the raw samples (before the stream's raw horizon), nothing is
    // known of an interval computed from them: every statistic is null there, rather than
    // counts of nothing or a carry held over samples that are gone.
    const horizon = q.stream.rawFrom ?? null;
    const unknown = (iv: Interval) => reachesBelowHorizon(plan, iv, horizon);
    const firstKnown = intervals.findIndex((iv) => !unknown(iv));
    const cols = firstKnown < 0 ? columnsOf(plan, [], []) : await this.rawColumns(q.stream, plan, intervals[firstKnown]!.sd, to);
    const finalizers = q.stats.map((id) => finalizerFor(id, settings));
    let carry = firstKnown < 0 ? null : await this.rawCarry(q.stream, plan, intervals[firstKnown]!.sd);
    const { starts } = cols;
    let i = 0;
    for (const iv of intervals) {
      if (unknown(iv)) {
        out.push({ sd: iv.sd, ed: iv.ed, values: q.stats.map(() => null) });
        continue;
      }
      while (i < starts.length && starts[i]! < iv.sd) i++;
      const lo = i;
      while (i < starts.length && starts[i]! < iv.ed) i++;
      const st = fromSortedColumns(cols, lo, i, iv.sd, iv.ed);
      const values = new Array<StatValue>(finalizers.length);
      for (let k = 0; k < finalizers.length; k++) values[k] = finalizers[k]!(st, carry, until);
      out.push({ sd: iv.sd, ed: iv.ed, values });
      carry = st.last ?? carry;
    }
    return out;
  }

  /**
   * Start of the stream's earliest data, from the earliest state of its smallest materialised
   * cycle; without one, no lower bound (the feed's limit bounds it).
   */
  private async firstInstant(stream: Stream, plan: StreamRollupPlan): Promise<number> {
    if (stream.streamType === 'point_stream' && stream.lastTime !== null) return stream.lastTime;
    const leaf = plan.chain[0];
    const earliest = leaf ? await this.store.rollups.earliest(stream.key, leaf) : undefined;
    if (!earliest) return Number.MIN_SAFE_INTEGER;
    return earliest.state.first ? sampleStart(earliest.state.first) : earliest.sd;
  }

  /** Raw samples lying in [from, to), ascending, as columns. */
  private async rawColumns(stream: Stream, plan: StreamRollupPlan, from: number, to: number): Promise<SampleColumns> {
    const range = rawRange(plan, { sd: from, ed: to });
    const r = await this.store.samples.read(stream, { sd: range.from, ed: range.to, limit: MAX_RAW_SAMPLES + 1 });
    if (r.times.length > MAX_RAW_SAMPLES) {
      throw badRequest(`more than ${MAX_RAW_SAMPLES.toLocaleString('en')} samples of '${stream.id}' in the range: ask for fewer intervals or a cycle of an hour or more`);
    }
    r.times.reverse();
    r.values.reverse();
    return columnsOf(plan, r.times, r.values);
  }

  /**
   * The latest non-gap sample before `t`: from the raw samples, else (they are gone before the
   * raw horizon, or all 64 read are gaps) from the states of the smallest materialised cycle
   * before the interval holding t — that interval's own state may hold samples after t.
   */
  private async rawCarry(stream: Stream, plan: StreamRollupPlan, t: number): Promise<Sample | null> {
    const r = await this.store.samples.read(stream, { ed: rawRange(plan, { sd: t, ed: t }).from, limit: 64 });
    const i = r.values.findIndex((v) => v !== null);
    if (i >= 0) return toSamples(plan, [r.times[i]!], [r.values[i]!])[0]!;
    const leaf = plan.chain[0];
    if (!leaf) return null;
    return (await this.store.rollups.lastWithValueBefore(stream.key, leaf, intervalAt(leaf, t, plan.zone).sd))?.state.last ?? null;
  }
}

/** The latest `limit` intervals of `cycle` overlapping [lo, hi), ascending. */
export function intervalsBack(cycle: Cycle, zone: string, lo: number, hi: number, limit: number): Interval[] {
  const out: Interval[] = [];
  const last = intervalAt(cycle, hi - 1, zone);
  const len = fixedLengthMs(cycle);
  if (len !== undefined) {
    // Fixed-length intervals step by arithmetic; calendar ones ask the cycle each time.
    const n = Math.min(limit, Math.ceil((last.ed - lo) / len));
    for (let k = n - 1; k >= 0; k--) out.push({ sd: last.sd - k * len, ed: last.ed - k * len });
    return out;
  }
  for (let iv = last; iv.ed > lo && out.length < limit; iv = previousInterval(cycle, iv, zone)) out.push(iv);
  return out.reverse();
}

/** Where the statistics of `cycle` come from for a stream with `plan`. */
export function sourceFor(cycle: Cycle, plan: StreamRollupPlan): Source {
  const own = plan.chain.find((c) => c.id === cycle.id);
  if (own) return { kind: 'states', cycle: own, combine: false };
  // The largest materialised cycle that tiles the requested one exactly.
  for (let j = plan.chain.length - 1; j >= 0; j--) {
    const m = plan.chain[j]!;
    if (nominalLengthMs(m) < nominalLengthMs(cycle) && tilingError(m, cycle) === null) return { kind: 'states', cycle: m, combine: true };
  }
  return { kind: 'raw' };
}
