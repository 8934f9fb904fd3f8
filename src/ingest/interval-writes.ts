/**
 * Turns an upload to an interval stream into the samples to store: each time snaps to its base
 * interval (stored at the interval end), a later sample for the same interval wins, and an
 * append that skips base intervals fills them as the stream's gap-fill setting says (GroveStreams
 * fills on appends only). rollup/interval-stream.ts decides; this expands its plan.
 */
import type { StreamRollupDef } from '../domain/model.js';
import type { Cycle } from '../rollup/cycle.js';
import { expandRun, planUpload, type IntervalStreamEnd } from '../rollup/interval-stream.js';
import type { Sample } from '../rollup/sample.js';
import type { SampleValue } from '../storage/chunks/sample-codec.js';
import { sortSamples } from '../storage/chunks/chunk-merge.js';

/** Longest fill one append may generate; a longer outage is left unfilled (see docs/statistics.md). */
export const MAX_FILL = 100_000;

export function intervalWrites(
  base: Cycle, zone: string, settings: StreamRollupDef, end: IntervalStreamEnd,
  times: readonly number[], values: readonly SampleValue[],
): { times: number[]; values: SampleValue[] } {
  const { ops } = planUpload(base, zone, end, times.map((t, i) => ({ time: t, value: values[i]! })), settings.gapFill, settings.align);
  const byTime = new Map<number, SampleValue>();
  for (const op of ops) {
    if (op.kind === 'write') {
      byTime.set(op.sample.time, op.sample.value);
      continue;
    }
    // Expand at most MAX_FILL + 1 intervals: one more means the outage is too long, and then the
    // whole run is left unfilled rather than its first MAX_FILL intervals.
    const run: Sample[] = [];
    let tooLong = false;
    for (const s of expandRun(base, zone, op.run)) {
      if (run.length === MAX_FILL) {
        tooLong = true;
        break;
      }
      run.push(s);
    }
    if (tooLong) continue;
    for (const s of run) if (!byTime.has(s.time)) byTime.set(s.time, s.value);
  }
  return sortSamples([...byTime.keys()], [...byTime.values()]);
}

/**
 * Whether a `previous` fill of this upload takes its value from before the upload (end.lastValue)
 * rather than from one of the upload's own samples, so that the caller looks that value up only
 * when a fill needs it. Planned with a null last value: under `previous`, a fill run is null then
 * exactly when no sample of the upload has set the value yet.
 */
export function fillsFromStreamEnd(
  base: Cycle, zone: string, settings: StreamRollupDef, last: IntervalStreamEnd['last'],
  times: readonly number[], values: readonly SampleValue[],
): boolean {
  if (settings.gapFill.kind !== 'previous' || last === null) return false;
  const { ops } = planUpload(base, zone, { last, lastValue: null }, times.map((t, i) => ({ time: t, value: values[i]! })), settings.gapFill, settings.align);
  return ops.some((op) => op.kind === 'fill' && op.run.value === null);
}
