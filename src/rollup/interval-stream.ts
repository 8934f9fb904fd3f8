/**
 * Writing to an interval stream: uploaded times snap to the base cycle's intervals, the stored
 * sample's time is the interval end, JSON null is a gap interval, and gap filling runs on
 * appends only ("Gap Filling ... is only applied during feed appends").
 *
 * An interval stream is kept contiguous from its first appended interval to its end: when an
 * append skips base intervals, they are stored as a fill run (null gaps under policy `none`),
 * so intvlcount/gapcount count them. A write before the stream end is an insert or overwrite
 * and never fills. Runs are returned as ranges, not expanded, so a long outage on a one-second
 * base cycle costs the caller one record until it chooses how to store it.
 */
import type { Value } from '../domain/values.js';
import { intervalAt, nextInterval, type Cycle, type Interval } from './cycle.js';
import { intervalSample, type Sample } from './sample.js';

/**
 * containing: t belongs to the interval with sd ≤ t < ed (the GroveStreams rule: "round down
 * to the start datetime ... of the interval the time stamp falls within").
 * ending: t belongs to the interval with sd < t ≤ ed, for devices that stamp a reading with
 * the end of the period it covers — and for clients that write back times the API returned,
 * which are interval ends and would otherwise land one interval late.
 */
export type TimeAlignment = 'containing' | 'ending';

export type GapFill = { kind: 'none' } | { kind: 'previous' } | { kind: 'constant'; value: Value };

/** What the write path needs to know about the stream before an upload. */
export interface IntervalStreamEnd {
  /** the latest stored interval, or null for an empty stream */
  last: Interval | null;
  /** the latest non-gap value, used by the `previous` fill */
  lastValue: Value | null;
}

export interface GapRun {
  sd: number;
  ed: number;
  value: Value | null;
}

export type UploadOp =
  | { kind: 'fill'; run: GapRun }
  | { kind: 'write'; sample: Sample; append: boolean };

/** The base interval an uploaded time belongs to. */
export function snapToInterval(base: Cycle, t: number, zone: string, align: TimeAlignment = 'containing'): Interval {
  return align === 'containing' ? intervalAt(base, t, zone) : intervalAt(base, t - 1, zone);
}

function fillValue(policy: GapFill, previous: Value | null): Value | null {
  switch (policy.kind) {
    case 'none': return null;
    case 'previous': return previous;
    case 'constant': return policy.value;
  }
}

/**
 * Plans the storage operations for one upload: in time order, each sample becomes a write
 * (an append when it is at or after the stream end), preceded by a fill run when an append
 * skips intervals. Later samples of the upload win over earlier ones in the same interval
 * because their writes come later. Returns the ops and the stream end afterwards.
 */
export function planUpload(
  base: Cycle,
  zone: string,
  end: IntervalStreamEnd,
  uploads: readonly { time: number; value: Value | null }[],
  fill: GapFill,
  align: TimeAlignment = 'containing',
): { ops: UploadOp[]; end: IntervalStreamEnd } {
  const ops: UploadOp[] = [];
  let { last, lastValue } = end;
  // Stable sort keeps same-time samples in upload order, so the later one is written last.
  const sorted = uploads.map((u, i) => ({ u, i })).sort((a, b) => a.u.time - b.u.time || a.i - b.i);
  for (const { u } of sorted) {
    const iv = snapToInterval(base, u.time, zone, align);
    const append = last === null || iv.sd >= last.ed;
    if (append && last !== null && iv.sd > last.ed) {
      ops.push({ kind: 'fill', run: { sd: last.ed, ed: iv.sd, value: fillValue(fill, lastValue) } });
    }
    ops.push({ kind: 'write', sample: intervalSample(iv.sd, iv.ed, u.value), append });
    if (append) last = iv;
    // Only the stream's latest interval decides the `previous` fill value; an overwrite of it
    // with a gap keeps the earlier value, since the one before it is not known here.
    if (u.value !== null && last !== null && iv.sd === last.sd) lastValue = u.value;
  }
  return { ops, end: { last, lastValue } };
}

/** The base-interval samples of a fill run, generated lazily. */
export function* expandRun(base: Cycle, zone: string, run: GapRun): Generator<Sample> {
  for (let iv = intervalAt(base, run.sd, zone); iv.sd < run.ed; iv = nextInterval(base, iv, zone)) {
    yield intervalSample(iv.sd, iv.ed, run.value);
  }
}
