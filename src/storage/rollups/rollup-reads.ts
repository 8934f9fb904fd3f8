/**
 * The Store's rollup reads (`store.rollups`), written once over the cache for both backends:
 * a stat feed checks the stream's version, then reads only the buckets the cache lacks (one
 * range request), so a repeated query decodes nothing.
 */
import type { Cycle } from '../../rollup/cycle.js';
import type { RollupRow } from '../store.js';
import { bucketOf, decodeBucket, hasValue, rowOf, type Entry } from './buckets.js';
import type { BucketRows, RollupCache, StreamRollups } from './rollup-cache.js';
import { ask, type StoreTask } from './rollup-io.js';
import { rowsIn } from './rollup-session.js';

/**
 * Ranges of more buckets than this are read straight from the table (only the buckets that
 * exist come back) instead of through the cache, which would have to note every absent one.
 */
const CACHED_SPAN = 1024;

/** The buckets from..to (bucket numbers) of (stream, cycle), reading those `s` lacks. */
function* bucketsIn(stream: number, s: StreamRollups, cycle: Cycle, from: number, to: number): StoreTask<BucketRows[]> {
  if (to - from >= CACHED_SPAN) {
    const found = yield* ask('bucketRange', stream, cycle.id, from, to);
    return found.map((b) => s.bucket(cycle.id, b.bucket) ?? s.addBucket(cycle.id, b.bucket, b.data));
  }
  let lo = from;
  while (lo <= to && s.bucket(cycle.id, lo) !== undefined) lo++;
  let hi = to;
  while (hi >= lo && s.bucket(cycle.id, hi) !== undefined) hi--;
  if (lo <= hi) {
    const found = new Map((yield* ask('bucketRange', stream, cycle.id, lo, hi)).map((b) => [b.bucket, b.data]));
    for (let b = lo; b <= hi; b++) if (s.bucket(cycle.id, b) === undefined) s.addBucket(cycle.id, b, found.get(b) ?? null);
  }
  const out: BucketRows[] = [];
  for (let b = from; b <= to; b++) out.push(s.bucket(cycle.id, b)!);
  return out;
}

export function* readRange(cache: RollupCache, stream: number, cycle: Cycle, from: number, to: number): StoreTask<RollupRow[]> {
  if (to <= from) return [];
  const [s] = yield* cache.current([stream]);
  const buckets = yield* bucketsIn(stream, s!, cycle, bucketOf(cycle, from), bucketOf(cycle, to - 1));
  return rowsIn(s!.head, buckets, cycle, from, to);
}

/** The latest entry with a value and sd < t among a bucket's rows. */
function lastValued(rows: Iterable<Entry>, t: number): Entry | undefined {
  let best: Entry | undefined;
  for (const e of rows) if (e.sd < t && (best === undefined || e.sd > best.sd) && hasValue(e)) best = e;
  return best;
}

export function* readLastWithValueBefore(cache: RollupCache, stream: number, cycle: Cycle, t: number): StoreTask<RollupRow | undefined> {
  const [s] = yield* cache.current([stream]);
  // The head is newer than every bucket.
  const h = s!.head.get(cycle.id);
  if (h && h.sd < t && hasValue(h)) return rowOf(h);
  const b = bucketOf(cycle, t);
  const [rows] = yield* bucketsIn(stream, s!, cycle, b, b);
  const here = lastValued(rows!.values(), t);
  if (here) return rowOf(here);
  const earlier = yield* ask('valueBefore', stream, cycle.id, b);
  if (!earlier) return undefined;
  const e = lastValued(decodeBucket(earlier.data), t);
  return e ? rowOf(e) : undefined;
}

export function* readEdge(cache: RollupCache, stream: number, cycle: Cycle, last: boolean): StoreTask<RollupRow | undefined> {
  const [s] = yield* cache.current([stream]);
  const h = s!.head.get(cycle.id);
  if (last && h) return rowOf(h);
  const b = yield* ask('edge', stream, cycle.id, last);
  const entries = b ? decodeBucket(b.data) : [];
  const e = last ? entries.at(-1) : entries[0];
  return e ? rowOf(e) : h ? rowOf(h) : undefined;
}
