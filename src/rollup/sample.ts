/**
 * The stored samples statistics are computed over. One shape serves every stream kind so that
 * a rollup state never needs to know which kind produced it:
 *  - random / point streams store instants: `ms` = 0 and `time` = the sample time;
 *  - interval streams store base-cycle intervals: `time` = the interval END (what the API
 *    reports as the sample time) and `ms` = its length; `value` null marks a gap interval.
 */
import type { Value } from '../domain/values.js';

export type { Value };

export interface Sample {
  time: number;
  value: Value | null;
  ms: number;
}

/**
 * Samples as storage holds them, in parallel arrays: sample i holds values[i] and ends at
 * times[i], starting at starts[i] (instants pass `times` itself as `starts`; interval samples
 * the starts of their base intervals). The write path folds these directly: a Sample object
 * per sample was most of its garbage.
 */
export interface SampleColumns {
  times: readonly number[];
  values: readonly (Value | null)[];
  starts: readonly number[];
}

/** Sample i of `cols` as a Sample (only for the few that are kept, e.g. a state's first and last). */
export function sampleAt(cols: SampleColumns, i: number): Sample {
  const time = cols.times[i]!;
  return { time, value: cols.values[i] as Value | null, ms: time - cols.starts[i]! };
}

export function instantSample(time: number, value: Value | null): Sample {
  return { time, value, ms: 0 };
}

export function intervalSample(sd: number, ed: number, value: Value | null): Sample {
  if (!(ed > sd)) throw new RangeError(`interval [${sd}, ${ed}) is empty`);
  return { time: ed, value, ms: ed - sd };
}

/** Where a sample starts: its instant, or its interval's start. */
export function sampleStart(s: Sample): number {
  return s.time - s.ms;
}

/** True when a sample lies in [sd, ed): instants by time, intervals by containment. */
export function sampleWithin(s: Sample, sd: number, ed: number): boolean {
  const start = sampleStart(s);
  return s.ms === 0 ? start >= sd && start < ed : start >= sd && s.time <= ed;
}
