/**
 * The Store's rollup reads (`store.rollups`), written once over the cache for both backends:
 * a stat feed checks the stream's version, then reads only the buckets the cache lacks (one
 * range request), so a repeated query decodes nothing.
 *
 * Backends run each read in one snapshot (a read transaction), so the version, the head and the
 * buckets it reads agree. Within a process, a write that commits meanwhile may publish into the
 * very cache entry being read (PostgreSQL awaits between statements): a read that sees its
 * entry's version move starts again in a new snapshot (retryMoved), and adds nothing it read
 * to an entry that has moved on.
 */
import type { Cycle } from '../../rollup/cycle.js';
import { reachesBelowHorizon } from '../../rollup/stored-samples.js';
import type { RollupRow, StreamRollupPlan } from '../store.js';
import { bucketOf, decodeBucket, hasValue, rowOf, type Entry } from './buckets.js';
import type { BucketRows, RollupCache, StreamRollups } from './rollup-cache.js';
import { ask, type StoreTask } from './rollup-io.js';
import { rowsIn } from './rollup-session.js';

/**
 * Ranges of more buckets than this are read with one query for the whole range (only the
 * buckets that exist come back, and are cached) instead of noting every absent one.
 */
const CACHED_SPAN = 1024;

/** Thrown inside a read whose cache entry changed version under it; retryMoved reads again. */
class EntryMoved extends Error {}

function checkUnmoved(s: StreamRollups, version: number | null, stream: number): void {
  if (s.version !== version) throw new EntryMoved(`rollup states of stream ${stream} changed during a read`);
}

/**
 * Runs a read (up to three times) while a write published into its cache entry meanwhile.
 * Each attempt must be a new snapshot: a retry inside the old one would see the old version.
 * (SQLite runs a read without yielding, so only PostgreSQL needs this.)
 */
export async function retryMoved<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof EntryMoved) || n >= 3) throw e;
    }
  }
}

/** The buckets from..to (bucket numbers) of (stream, cycle), reading those `s` lacks. */
function* bucketsIn(stream: number, s: StreamRollups, cycle: Cycle, from: number, to: number): StoreTask<BucketRows[]> {
  const version = s.version;
  const moved = () => checkUnmoved(s, version, stream);
  if (to - from >= CACHED_SPAN) {
    const found = yield* ask('bucketRange', stream, cycle.id, from, to);
    moved();
    return found.map((b) => s.addBucket(cycle.id, b.bucket, b.data));
  }
  let lo = from;
  while (lo <= to && s.bucket(cycle.id, lo) !== undefined) lo++;
  let hi = to;
  while (hi >= lo && s.bucket(cycle.id, hi) !== undefined) hi--;
  if (lo <= hi) {
    const found = new Map((yield* ask('bucketRange', stream, cycle.id, lo, hi)).map((b) => [b.bucket, b.data]));
    moved();
    for (let b = lo; b <= hi; b++) s.addBucket(cycle.id, b, found.get(b) ?? null);
  }
  const out: BucketRows[] = [];
  for (let b = from; b <= to; b++) out.push(s.bucket(cycle.id, b)!);
  return out;
}

export function* readRange(cache: RollupCache, stream: number, cycle: Cycle, from: number, to: number): StoreTask<RollupRow[]> {
  if (to <= from) return [];
  const [s] = yield* cache.current([stream]);
  return yield* rangeOf(s!, stream, cycle, from, to);
}

function* rangeOf(s: StreamRollups, stream: number, cycle: Cycle, from: number, to: number): StoreTask<RollupRow[]> {
  if (to <= from) return [];
  const head = s.head; // read before the buckets: a publish replaces it, and bucketsIn notices
  const buckets = yield* bucketsIn(stream, s, cycle, bucketOf(cycle, from), bucketOf(cycle, to - 1));
  return rowsIn(head, buckets, cycle, from, to);
}

/**
 * readRange and readLastWithValueBefore(from) in one read: what a stat feed needs, with one
 * version check (and on PostgreSQL one snapshot) instead of two.
 */
export function* readRangeWithCarry(cache: RollupCache, stream: number, cycle: Cycle, from: number, to: number): StoreTask<{ rows: RollupRow[]; before: RollupRow | undefined }> {
  const [s] = yield* cache.current([stream]);
  const rows = yield* rangeOf(s!, stream, cycle, from, to);
  return { rows, before: yield* lastWithValueOf(s!, stream, cycle, from) };
}

/** The latest entry with a value and sd < t among a bucket's rows. */
function lastValued(rows: Iterable<Entry>, t: number): Entry | undefined {
  let best: Entry | undefined;
  for (const e of rows) if (e.sd < t && (best === undefined || e.sd > best.sd) && hasValue(e)) best = e;
  return best;
}

export function* readLastWithValueBefore(cache: RollupCache, stream: number, cycle: Cycle, t: number): StoreTask<RollupRow | undefined> {
  const [s] = yield* cache.current([stream]);
  return yield* lastWithValueOf(s!, stream, cycle, t);
}

function* lastWithValueOf(s: StreamRollups, stream: number, cycle: Cycle, t: number): StoreTask<RollupRow | undefined> {
  // The head is newer than every bucket.
  const h = s.head.get(cycle.id);
  if (h && h.sd < t && hasValue(h)) return rowOf(h);
  const b = bucketOf(cycle, t);
  const [rows] = yield* bucketsIn(stream, s, cycle, b, b);
  const here = lastValued(rows!.values(), t);
  if (here) return rowOf(here);
  const version = s.version;
  const earlier = yield* ask('valueBefore', stream, cycle.id, b);
  checkUnmoved(s, version, stream);
  if (!earlier) return undefined;
  const e = lastValued(decodeBucket(earlier.data), t);
  return e ? rowOf(e) : undefined;
}

export function* readEdge(cache: RollupCache, stream: number, cycle: Cycle, last: boolean): StoreTask<RollupRow | undefined> {
  const [s] = yield* cache.current([stream]);
  const h = s!.head.get(cycle.id);
  if (last && h) return rowOf(h);
  const version = s!.version;
  const b = yield* ask('edge', stream, cycle.id, last);
  checkUnmoved(s!, version, stream);
  const entries = b ? decodeBucket(b.data) : [];
  const e = last ? entries.at(-1) : entries[0];
  return e ? rowOf(e) : h ? rowOf(h) : undefined;
}

/**
 * Per cycle of the plan's chain, the stored states of intervals with raw samples before the raw
 * horizon `rawFrom`, from the earliest on, for the cycles in `keep` (none for the others): what a
 * rebuild keeps of a stream whose raw samples there retention deleted (rebuildRollups).
 */
export function* readBelow(cache: RollupCache, stream: number, plan: StreamRollupPlan, rawFrom: number, keep: readonly string[]): StoreTask<RollupRow[][]> {
  const out: RollupRow[][] = [];
  for (const cycle of plan.chain) {
    const first = keep.includes(cycle.id) ? yield* readEdge(cache, stream, cycle, false) : undefined;
    const rows = first === undefined || first.sd >= rawFrom ? [] : yield* readRange(cache, stream, cycle, first.sd, rawFrom);
    out.push(rows.filter((r) => reachesBelowHorizon(plan, r, rawFrom)));
  }
  return out;
}
