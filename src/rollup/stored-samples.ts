/**
 * How a stream's stored samples map to rollup samples and intervals. A random or point stream
 * stores instants; an interval stream stores each base interval's value at the interval's END
 * (GroveStreams: "time is the interval end"), so a sample belongs to the interval before its
 * time, and the raw samples of [sd, ed) are those stored in (sd, ed]. Everything that selects
 * raw samples by interval, or compares an interval with the raw horizon, goes through here.
 */
import type { Value } from '../domain/values.js';
import { intervalAt, type Interval } from './cycle.js';
import { sampleAt, type Sample, type SampleColumns } from './sample.js';
import type { StreamRollupPlan } from './stream-plan.js';

/** Where each stored sample starts: an instant at its time, an interval sample at its base interval's start. */
function startsOf(plan: StreamRollupPlan, times: readonly number[]): readonly number[] {
  const base = plan.base;
  if (base === null) return times;
  const out = new Array<number>(times.length);
  let iv: Interval | null = null;
  for (let i = 0; i < times.length; i++) {
    // Interval samples are stored at their interval's end, so t − 1 lies inside it.
    const t = times[i]! - 1;
    if (iv === null || !(t >= iv.sd && t < iv.ed)) iv = intervalAt(base, t, plan.zone);
    out[i] = iv.sd;
  }
  return out;
}

/** The stored samples as columns the rollup core folds without a Sample object per sample. */
export function columnsOf(plan: StreamRollupPlan, times: readonly number[], values: readonly (Value | null)[]): SampleColumns {
  return { times, values, starts: startsOf(plan, times) };
}

/** The stored samples as the rollup core sees them: instants, or base intervals ending at `time`. */
export function toSamples(plan: StreamRollupPlan, times: readonly number[], values: readonly (Value | null)[]): Sample[] {
  const cols = columnsOf(plan, times, values);
  const out: Sample[] = new Array(times.length);
  for (let i = 0; i < times.length; i++) out[i] = sampleAt(cols, i);
  return out;
}

/** The raw time range [from, to) holding exactly the samples that lie in [sd, ed). */
export function rawRange(plan: StreamRollupPlan, iv: Interval): { from: number; to: number } {
  // Interval samples are keyed by their end: those inside [sd, ed) end in (sd, ed].
  return plan.base === null ? { from: iv.sd, to: iv.ed } : { from: iv.sd + 1, to: iv.ed + 1 };
}

/**
 * Whether some raw samples of `iv` lie before the stream's raw horizon `rawFrom` (retention
 * deleted the raw samples stored before it; null: none deleted) — then what is stored of `iv`
 * can no longer be recomputed from raw samples.
 */
export function reachesBelowHorizon(plan: StreamRollupPlan, iv: Interval, rawFrom: number | null | undefined): boolean {
  return rawFrom != null && rawRange(plan, iv).from < rawFrom;
}
