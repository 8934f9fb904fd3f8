/**
 * One write transaction's view of the rollup states: it answers the maintainer's requests
 * (rollup-io.ts RollupRequest) from the cache, reads only what the cache lacks, and turns the
 * states to store into one batched write of changed buckets and head rows.
 *
 * Changes are kept apart from the cache (copy on write, per bucket) until the transaction has
 * committed: `publish` then moves them in, so a failed or rolled-back write leaves the cache
 * as the database is. Where the newest interval of a cycle lives is decided here (buckets.ts):
 * a state newer than the cycle's head becomes the head, and the old head moves to its bucket.
 */
import { nominalLengthMs, type Cycle } from '../../rollup/cycle.js';
import { combineAll, type RollupState } from '../../rollup/rollup-state.js';
import type { RollupRow } from '../store.js';
import { bucketOf, encodeBucket, encodeHeads, newEntry, rowOf, stateOf, valueSdOf, type Entry } from './buckets.js';
import { BucketMap, StreamRollups, type BucketRows, type Prefix, type RollupCache } from './rollup-cache.js';
import { ask, type BucketWrite, type HeadRow, type PutRow, type RollupRequest, type RollupTask, type StateKey, type StoredState, type StoreTask } from './rollup-io.js';

/** What a reader needs of a stream's states: the head and the buckets (undefined: not loaded). */
interface StatesView {
  head: ReadonlyMap<string, Entry>;
  bucket(cycle: string, bucket: number): BucketRows | undefined;
}

/**
 * The rows with from ≤ sd < to of (cycle) among the head and `buckets` (each bucket's rows, in
 * any order), ascending.
 */
export function rowsIn(head: ReadonlyMap<string, Entry>, buckets: Iterable<BucketRows>, cycle: Cycle, from: number, to: number): RollupRow[] {
  return entriesIn(head, buckets, cycle, from, to).map(rowOf);
}

/** rowsIn's entries, states not decoded. */
function entriesIn(head: ReadonlyMap<string, Entry>, buckets: Iterable<BucketRows>, cycle: Cycle, from: number, to: number): Entry[] {
  const out: Entry[] = [];
  const h = head.get(cycle.id);
  // (a bucket never holds the head's interval; should one, the head is the current state)
  for (const rows of buckets) for (const e of rows.values()) if (e.sd >= from && e.sd < to && e.sd !== h?.sd) out.push(e);
  if (h && h.sd >= from && h.sd < to) out.push(h);
  return out.sort((a, b) => a.sd - b.sd);
}

/** The loaded buckets of `view` covering [from, to) of `cycle` (a bounded span). */
function* loadedBuckets(view: StatesView, cycle: Cycle, from: number, to: number): Generator<BucketRows> {
  for (const b of bucketsOf(cycle, from, to)) {
    const rows = view.bucket(cycle.id, b);
    if (rows === undefined) throw new Error(`rollup bucket ${cycle.id}/${b} read before it was loaded`);
    yield rows;
  }
}

function bucketsOf(cycle: Cycle, from: number, to: number): number[] {
  const out: number[] = [];
  for (let b = bucketOf(cycle, from); b <= bucketOf(cycle, to - 1); b++) out.push(b);
  return out;
}

/** A copy of a map of entries (new Map(m) goes through the iterator, an object per entry). */
function copyOf<K>(m: ReadonlyMap<K, Entry>): Map<K, Entry> {
  const out = new Map<K, Entry>();
  m.forEach((e, k) => out.set(k, e));
  return out;
}

/** A bucket's entries ascending by sd: in the order held, which is nearly always theirs already. */
function ascending(rows: BucketRows): Entry[] {
  const out: Entry[] = [];
  let sorted = true;
  rows.forEach((e) => {
    if (out.length > 0 && e.sd < out[out.length - 1]!.sd) sorted = false;
    out.push(e);
  });
  return sorted ? out : out.sort((a, b) => a.sd - b.sd);
}

/** A stream's states as this transaction sees them. */
class Working implements StatesView {
  head: Map<string, Entry>;
  /** copies of the buckets this transaction changed */
  readonly changed = new BucketMap();
  written = false;
  /** cycles whose head adopt() has looked for (made when first needed, as `hot`: a Working is made per stream and write, and most need neither) */
  adopted: Set<string> | undefined;
  /** cycles the current put stores (pruning the head of any other) */
  readonly touched: string[] = [];
  /** encoded size of the head row this transaction wrote */
  headBytes = 0;
  /**
   * bucket entries this transaction wrote (or moved out of the head) that late batches most
   * likely hit next — the two intervals before the head — whose decoded states (and the runs
   * the maintainer remembers with them) stay after publish
   */
  hot: Set<Entry> | undefined;

  constructor(
    /** what the cache held when the transaction started (publish replaces only that) */
    readonly origin: StreamRollups,
    /** loaded buckets come from here (the origin, or an empty one after the stream's states were dropped) */
    public base: StreamRollups,
  ) {
    this.head = copyOf(base.head);
  }

  bucket(cycle: string, bucket: number): BucketRows | undefined {
    return this.changed.get(cycle, bucket) ?? this.base.bucket(cycle, bucket);
  }

  mutable(cycle: string, bucket: number): BucketRows {
    let rows = this.changed.get(cycle, bucket);
    if (!rows) {
      const loaded = this.base.bucket(cycle, bucket);
      if (loaded === undefined) throw new Error(`rollup bucket ${cycle}/${bucket} written before it was loaded`);
      rows = copyOf(loaded);
      this.changed.set(cycle, bucket, rows);
    }
    return rows;
  }

  /** Stores one interval's state, keeping the newest interval of each cycle in the head. */
  set(cycle: Cycle, sd: number, ed: number, state: RollupState, runs: readonly RollupState[] | undefined): void {
    if (!this.touched.includes(cycle.id)) this.touched.push(cycle.id);
    const e = newEntry(sd, ed, undefined, state, runs);
    const h = this.head.get(cycle.id);
    if (h === undefined || sd >= h.sd) {
      if (h !== undefined && sd > h.sd) {
        this.mutable(cycle.id, bucketOf(cycle, h.sd)).set(h.sd, h);
        (this.hot ??= new Set()).add(h);
      }
      this.head.set(cycle.id, e);
    } else {
      this.mutable(cycle.id, bucketOf(cycle, sd)).set(sd, e);
      // (a backfill of old intervals keeps nothing decoded)
      if (h.sd - sd <= 2 * nominalLengthMs(cycle)) (this.hot ??= new Set()).add(e);
    }
    this.written = true;
  }
}

export class RollupSession {
  private readonly streams = new Map<number, Working>();
  private readonly versions = new Map<number, number>();

  constructor(private readonly cache: RollupCache) {}

  /** Runs the maintainer against this session. */
  *run<T>(task: RollupTask<T>): StoreTask<T> {
    let step = task.next();
    while (!step.done) step = task.next(yield* this.serve(step.value));
    return step.value;
  }

  /** Moves the committed changes into the cache. Call only after the transaction committed. */
  publish(): void {
    for (const [stream, w] of this.streams) {
      // Replaced meanwhile (a concurrent read found it stale), or rebuilt (every bucket of the
      // stream would stay in memory): read again when next needed.
      if (this.cache.peek(stream) !== w.origin || w.base.complete) {
        this.cache.delete(stream);
        continue;
      }
      if (w.written) {
        const s = w.base;
        w.changed.forEach((cycle, b, rows) => {
          // Written buckets hold their encoded bytes (encodeBucket): their decoded states, and
          // what the maintainer remembers with them, can go until a read asks again — except
          // the hot ones, which late batches still arrive for. Remembered combinations over the
          // intervals changed here (entries the committed bucket does not hold) are outdated.
          const before = s.bucket(cycle, b);
          rows.forEach((e) => {
            if (before?.get(e.sd) !== e) s.forgetPrefixes(cycle, e.sd);
            if (e.raw && !w.hot?.has(e)) (e.state = undefined), (e.runs = undefined);
          });
          s.replaceBucket(cycle, b, rows);
        });
        s.head = w.head;
        s.setHeadBytes(w.headBytes);
        s.version = this.versions.get(stream)!;
      }
      this.cache.set(stream, w.base);
    }
    this.streams.clear();
    this.cache.trim();
  }

  /** Makes the streams' states current and gives each cycle in `keys` its head. */
  private *working(keys: readonly { stream: number; cycle: Cycle }[]): StoreTask<void> {
    let todo: Set<number> | undefined;
    for (const k of keys) if (!this.streams.has(k.stream)) (todo ??= new Set()).add(k.stream);
    if (todo) {
      const streams = [...todo];
      const got = yield* this.cache.current(streams);
      streams.forEach((s, i) => this.streams.set(s, new Working(got[i]!, got[i]!)));
    }
    // (checked here: a generator per key and write would be garbage for nothing)
    for (const k of keys) if (this.needsAdopt(k.stream, k.cycle)) yield* this.adopt(k.stream, k.cycle);
  }

  private needsAdopt(stream: number, cycle: Cycle): boolean {
    const w = this.streams.get(stream)!;
    return w.origin.version === null && !w.base.complete && !w.head.has(cycle.id) && !w.adopted?.has(cycle.id);
  }

  /**
   * A stream without a head row has no states, or states stored before heads existed (all in
   * buckets): the newest interval of each cycle it touches is moved into the head first, so
   * that "nothing is newer than the head" holds from then on.
   */
  private *adopt(stream: number, cycle: Cycle): StoreTask<void> {
    const w = this.streams.get(stream)!;
    (w.adopted ??= new Set()).add(cycle.id);
    const last = yield* ask('edge', stream, cycle.id, true);
    if (!last) return;
    if (w.bucket(cycle.id, last.bucket) === undefined) w.base.addBucket(cycle.id, last.bucket, last.data);
    const rows = w.mutable(cycle.id, last.bucket);
    if (rows.size === 0) return;
    const newest = [...rows.values()].reduce((a, b) => (b.sd > a.sd ? b : a));
    rows.delete(newest.sd);
    w.head.set(cycle.id, newest);
  }

  /** Loads the buckets of each (stream, cycle, bucket) that are not loaded yet, in one request. */
  private *load(wanted: readonly { stream: number; cycle: string; bucket: number }[]): StoreTask<void> {
    if (wanted.length === 0) return;
    const keys: { stream: number; cycle: string; bucket: number }[] = [];
    const seen = new Set<string>();
    for (const k of wanted) {
      const w = this.streams.get(k.stream)!;
      if (w.bucket(k.cycle, k.bucket) !== undefined) continue;
      const key = `${k.stream}|${k.cycle}|${k.bucket}`;
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(k);
    }
    if (keys.length === 0) return;
    const data = yield* ask('buckets', keys);
    // (addBucket keeps a bucket a concurrent read loaded meanwhile: the same committed rows)
    keys.forEach((k, i) => this.streams.get(k.stream)!.base.addBucket(k.cycle, k.bucket, data[i] ?? null));
  }

  /** Makes the ranges' streams current and loads every bucket the ranges cover. */
  private *loadRanges(ranges: readonly { stream: number; cycle: Cycle; from: number; to: number }[]): StoreTask<void> {
    yield* this.working(ranges);
    yield* this.load(ranges.flatMap((x) => bucketsOf(x.cycle, x.from, x.to).map((bucket) => ({ stream: x.stream, cycle: x.cycle.id, bucket }))));
  }

  private *serve(r: RollupRequest): StoreTask<unknown> {
    switch (r.kind) {
      case 'get': return yield* this.get(r.keys);
      case 'raw': return yield* ask('raw', r.ranges);
      case 'rows':
        yield* this.loadRanges(r.ranges);
        return r.ranges.map((x) => {
          const w = this.streams.get(x.stream)!;
          return rowsIn(w.head, loadedBuckets(w, x.cycle, x.from, x.to), x.cycle, x.from, x.to);
        });
      case 'prefix':
        yield* this.loadRanges(r.ranges);
        return r.ranges.map((x) => this.prefix(x.stream, x.cycle, x.from, x.to));
      case 'put': return yield* this.put(r.rows, r.deleteStreams ?? []);
    }
  }

  /**
   * The states of (stream, cycle) over [from, to) combined. Remembered in the cache when they
   * are all committed (this transaction changed no bucket of the cycle) and end at or before the
   * cycle's head, so that the many late writes into a parent's newest children combine a few
   * states instead of all of the parent's children; publish forgets one when an interval inside
   * it changes.
   */
  private prefix(stream: number, cycle: Cycle, from: number, to: number): RollupState {
    if (to <= from) return combineAll(from, from, []);
    const w = this.streams.get(stream)!;
    // Remembered only when it holds committed states that the next writes will not change:
    // none of the cycle's buckets changed here, and the range ends at or before its head.
    const h = w.head.get(cycle.id);
    const committed = !w.changed.has(cycle.id) && (h === undefined || to <= h.sd);
    const memo = committed ? w.base.prefixes.get(cycle.id) : undefined;
    // The longest remembered one from `from` within the range: when the next hour starts, the
    // day's combination grows by one hour instead of being combined again from its first.
    let base: Prefix | undefined;
    for (const p of memo ?? []) if (p.from === from && p.to <= to && (base === undefined || p.to > base.to)) base = p;
    if (base?.to === to) return base.state;
    const start = base?.to ?? from;
    const parts = entriesIn(w.head, loadedBuckets(w, cycle, start, to), cycle, start, to).map(stateOf);
    if (base) parts.unshift(base.state);
    const st = combineAll(from, to, parts);
    if (committed) {
      // a few per cycle are ever current: the day's hours before the newest, and before the one before it
      const kept = (memo ?? []).slice(-7);
      kept.push({ from, to, state: st });
      w.base.prefixes.set(cycle.id, kept);
    }
    return st;
  }

  private *get(keys: StateKey[]): StoreTask<(StoredState | undefined)[]> {
    yield* this.working(keys);
    // Where the cycle has a head, nothing newer than it exists and it answers for itself.
    const wanted: { stream: number; cycle: string; bucket: number }[] = [];
    for (const k of keys) {
      const h = this.streams.get(k.stream)!.head.get(k.cycle.id);
      if (h === undefined || k.sd < h.sd) wanted.push({ stream: k.stream, cycle: k.cycle.id, bucket: bucketOf(k.cycle, k.sd) });
    }
    yield* this.load(wanted);
    return keys.map((k) => {
      const w = this.streams.get(k.stream)!;
      const h = w.head.get(k.cycle.id);
      const e = h !== undefined && k.sd >= h.sd ? (k.sd === h.sd ? h : undefined) : w.bucket(k.cycle.id, bucketOf(k.cycle, k.sd))!.get(k.sd);
      return e ? { state: stateOf(e), runs: e.runs } : undefined;
    });
  }

  private *put(rows: PutRow[], deleteStreams: number[]): StoreTask<void> {
    for (const s of deleteStreams) {
      // Everything is replaced, so nothing stored needs reading; publish drops the stream from
      // the cache (its base is complete), and the next use reads the new head row.
      const empty = new StreamRollups(null, new Map(), true);
      const w = this.streams.get(s);
      if (w === undefined) this.streams.set(s, new Working(empty, empty));
      else {
        w.base = empty;
        w.head = new Map();
        w.changed.clear();
      }
      this.streams.get(s)!.written = true;
    }
    yield* this.working(rows);
    // Every bucket a row or a displaced head may land in: none while rows replace their heads;
    // a row newer than the head displaces it, and may itself be displaced by a later row.
    const wanted: { stream: number; cycle: string; bucket: number }[] = [];
    for (const r of rows) {
      const h = this.streams.get(r.stream)!.head.get(r.cycle.id);
      if (h !== undefined && r.sd === h.sd) continue;
      wanted.push({ stream: r.stream, cycle: r.cycle.id, bucket: bucketOf(r.cycle, r.sd) });
      if (h !== undefined && r.sd > h.sd) wanted.push({ stream: r.stream, cycle: r.cycle.id, bucket: bucketOf(r.cycle, h.sd) });
    }
    yield* this.load(wanted);
    for (const r of rows) this.streams.get(r.stream)!.set(r.cycle, r.sd, r.ed, r.state, r.runs);
    // A write covers every materialised cycle of its stream: a head entry of another cycle is
    // left from a calendar no longer materialised, and would only be carried along.
    for (const w of this.streams.values()) {
      if (w.touched.length > 0 && w.head.size > w.touched.length) for (const id of [...w.head.keys()]) if (!w.touched.includes(id)) w.head.delete(id);
      w.touched.length = 0;
    }

    const buckets: BucketWrite[] = [];
    const written: Working[] = [];
    const writtenStreams: number[] = [];
    for (const [stream, w] of this.streams) {
      if (!w.written) continue;
      written.push(w);
      writtenStreams.push(stream);
      w.changed.forEach((cycle, bucket, rows) => {
        const entries = ascending(rows);
        buckets.push({ stream, cycle, bucket, valueSd: valueSdOf(entries), data: entries.length > 0 ? encodeBucket(entries) : null });
      });
    }
    const data = encodeHeads(written.map((w) => w.head));
    const heads = written.map((w, i): HeadRow & { stream: number } => {
      const stream = writtenStreams[i]!;
      const version = this.cache.nextVersion();
      this.versions.set(stream, version);
      w.headBytes = data[i]!.length;
      return { stream, version, data: data[i]! };
    });
    yield* ask('write', deleteStreams, buckets, heads);
  }
}
