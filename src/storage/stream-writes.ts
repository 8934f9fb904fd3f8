/**
 * Groups a plan's writes by stream before the batched chunk load: PostgreSQL loads every
 * stream's chunks in one statement, so two writes to one stream must become one, or the second
 * would merge into chunks the first has already replaced. SQLite, which goes write by write,
 * gets the same outcome: the later write wins at equal times and such a sample counts as replaced.
 * Also the last-value rule both backends apply to a write (newLastValue).
 */
import type { SampleValue } from './chunks/sample-codec.js';
import { StaleFeedPlan, type StreamWrite } from './store.js';

export interface StreamTarget {
  pk: number;
  streamType: string;
  lastTime: number | null;
  /** the stream's raw horizon (retention deleted the raw samples before it), or null */
  rawFrom: number | null;
  /** strictly increasing */
  times: number[];
  values: SampleValue[];
  /**
   * Where each stretch of samples from one write begins (ascending, from 0): when writes to one
   * stream are merged, the rollup maintainer keeps them apart as runs, so that a batch still
   * missing between two of them can later be put in the hole they leave (maintain-rollups.ts).
   */
  runStarts: number[];
}

/**
 * The sample that becomes the stream's last value: the newest non-null one of the write, unless
 * the stream already holds a newer one (a late sample never moves the last value backwards).
 */
export function newLastValue(times: readonly number[], values: readonly SampleValue[], storedLast: number | null): { time: number; value: SampleValue } | undefined {
  let i = times.length - 1;
  while (i >= 0 && values[i] === null) i--;
  if (i < 0 || (storedLast !== null && times[i]! < storedLast)) return undefined;
  return { time: times[i]!, value: values[i]! };
}

/**
 * Merges two strictly increasing series; `b` wins at equal times. The result's runStarts split it
 * wherever the source changes, and at a's own run starts.
 */
function mergeSorted(a: { times: number[]; values: SampleValue[]; runStarts: number[] }, b: { times: number[]; values: SampleValue[] }) {
  // Concurrent batches of a device rarely interleave: the later one lies wholly after the other
  // (or, committed late, wholly before it), and the merge is a concatenation.
  const aFirst = a.times[0]!;
  const aLast = a.times[a.times.length - 1]!;
  if (b.times[0]! > aLast) {
    return { times: a.times.concat(b.times), values: a.values.concat(b.values), runStarts: [...a.runStarts, a.times.length], overlap: 0 };
  }
  if (b.times[b.times.length - 1]! < aFirst) {
    const n = b.times.length;
    return { times: b.times.concat(a.times), values: b.values.concat(a.values), runStarts: [0, ...a.runStarts.map((s) => s + n)], overlap: 0 };
  }
  const times: number[] = [];
  const values: SampleValue[] = [];
  const runStarts: number[] = [];
  let i = 0;
  let j = 0;
  let r = 0; // a's next run start
  let from = -1; // the source of the latest sample: a's run index, or -2 for b
  let overlap = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    let source: number;
    if (ta < tb) {
      while (r < a.runStarts.length && a.runStarts[r]! <= i) r++;
      source = r - 1;
      times.push(ta);
      values.push(a.values[i++]!);
    } else {
      if (ta === tb) {
        i++;
        overlap++;
      }
      source = -2;
      times.push(tb);
      values.push(b.values[j++]!);
    }
    if (source !== from) runStarts.push(times.length - 1);
    from = source;
  }
  return { times, values, runStarts, overlap };
}

export function mergeWrites(
  writes: readonly StreamWrite[],
  streamOf: (w: StreamWrite) => { pk: number; streamType: string; lastTime: number | null; rawFrom: number | null },
): { targets: StreamTarget[]; samples: number; replaced: number } {
  const byPk = new Map<number, StreamTarget>();
  let samples = 0;
  let replaced = 0;
  for (const w of writes) {
    if (w.times.length === 0) continue;
    samples += w.times.length;
    const st = streamOf(w);
    const prev = byPk.get(st.pk);
    if (!prev) {
      // Spelled out: the spread of `st` with three more fields made an object of over a
      // kilobyte per stream and commit.
      byPk.set(st.pk, { pk: st.pk, streamType: st.streamType, lastTime: st.lastTime, rawFrom: st.rawFrom, times: w.times, values: w.values, runStarts: [0] });
      continue;
    }
    const m = mergeSorted(prev, w);
    prev.times = m.times;
    prev.values = m.values;
    prev.runStarts = m.runStarts;
    replaced += m.overlap;
  }
  return { targets: [...byPk.values()], samples, replaced };
}

/**
 * Below the raw horizon the samples a rollup rebuild needs are gone. Ingest checks this from its
 * cached definition, which a retention run may have outdated, so each backend checks again on
 * the stream row it reads under the write's lock (times are strictly increasing: the first is enough).
 */
export function checkRawHorizon(w: StreamWrite, rawFrom: number | null): void {
  if (rawFrom !== null && w.times.length > 0 && w.times[0]! < rawFrom) {
    throw new StaleFeedPlan(`stream '${w.compId}/${w.streamId}' no longer keeps raw samples before ${rawFrom} (retention ran meanwhile)`);
  }
}
