/**
 * A process's cache of stored rollup states, per stream, so that a write does not re-read and
 * re-decode the buckets it touched a moment ago and a repeated stat feed does not decode the
 * same thousand states again.
 *
 * It stays exact with several processes on one database because every write of a stream's
 * states gives its head row a new version (buckets.ts): before using what it holds for a
 * stream, the cache reads that version (one small indexed read) and starts afresh from the head
 * row when it differs. Writers hold the stream's lock while they check, so a write never builds
 * on states another process has replaced; readers check within their read's snapshot
 * (rollup-reads.ts). Entries are only ever filled with committed rows; a write's changes arrive
 * through RollupSession.publish after its transaction commits.
 *
 * Memory is bounded: least recently used streams are dropped once the memory held, estimated
 * from the encoded bytes (memoryOf), passes the budget.
 */
import { randomFillSync } from 'node:crypto';
import type { RollupState } from '../../rollup/rollup-state.js';
import { decodeBucket, decodeHead, type Entry } from './buckets.js';
import { ask, type StoreTask } from './rollup-io.js';

const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** The states of a cycle's intervals with from ≤ sd < to, combined. */
export interface Prefix {
  from: number;
  to: number;
  state: RollupState;
}

/** A bucket's intervals by sd (empty: the bucket is known not to exist). */
export type BucketRows = Map<number, Entry>;

const EMPTY: BucketRows = new Map();

/** Buckets by cycle id, then bucket number. */
export class BucketMap {
  // Made by the first set: a write makes one per stream for the buckets it changes, usually none.
  private byCycle: Map<string, Map<number, BucketRows>> | undefined;

  get(cycle: string, bucket: number): BucketRows | undefined {
    return this.byCycle?.get(cycle)?.get(bucket);
  }

  set(cycle: string, bucket: number, rows: BucketRows): void {
    this.byCycle ??= new Map();
    let m = this.byCycle.get(cycle);
    if (!m) this.byCycle.set(cycle, (m = new Map()));
    m.set(bucket, rows);
  }

  forEach(f: (cycle: string, bucket: number, rows: BucketRows) => void): void {
    this.byCycle?.forEach((m, cycle) => m.forEach((rows, b) => f(cycle, b, rows)));
  }

  /** Whether any bucket of the cycle is held. */
  has(cycle: string): boolean {
    return (this.byCycle?.get(cycle)?.size ?? 0) > 0;
  }

  clear(): void {
    this.byCycle = undefined;
  }
}

/** What is known of one stream's stored states. */
export class StreamRollups {
  /** loaded buckets */
  readonly buckets = new BucketMap();
  /**
   * Combined states of a cycle's intervals over [from, to), a few per cycle id (RollupSession's
   * 'prefix'); one is dropped when an interval inside it changes (forgetPrefixes).
   */
  readonly prefixes = new Map<string, Prefix[]>();
  bytes = 0;

  constructor(
    /** the head row's version these states belong to (null: the stream had no head row) */
    public version: number | null,
    /** the newest interval of each cycle, by cycle id */
    public head: Map<string, Entry>,
    /** true when every bucket not in `buckets` is known not to exist (nothing to read) */
    readonly complete: boolean,
  ) {}

  /** A bucket's rows, or undefined when it still has to be read. */
  bucket(cycle: string, bucket: number): BucketRows | undefined {
    return this.buckets.get(cycle, bucket) ?? (this.complete ? EMPTY : undefined);
  }

  /** Adds a bucket as read from the table, unless one is loaded already (which is kept). */
  addBucket(cycle: string, bucket: number, data: Uint8Array | null): BucketRows {
    const held = this.buckets.get(cycle, bucket);
    if (held) return held;
    const rows: BucketRows = new Map();
    if (data) for (const e of decodeBucket(data)) rows.set(e.sd, e);
    this.count(cycle, bucket, rows);
    return rows;
  }

  /** Drops the remembered combinations of `cycle` that include the interval starting at `sd`. */
  forgetPrefixes(cycle: string, sd: number): void {
    const held = this.prefixes.get(cycle);
    // (most changed intervals lie after every remembered combination: nothing to copy)
    if (held === undefined || !held.some((p) => sd >= p.from && sd < p.to)) return;
    this.prefixes.set(cycle, held.filter((p) => sd < p.from || sd >= p.to));
  }

  /** Counts a head row of `n` encoded bytes in place of the previous one (decoded, with runs: see memoryOf). */
  setHeadBytes(n: number): void {
    this.bytes += DECODED_WITH_RUNS * (n - this.headBytes);
    this.headBytes = n;
  }

  private headBytes = 0;

  /** Replaces a bucket with a written one, keeping the byte count. */
  replaceBucket(cycle: string, bucket: number, rows: BucketRows): void {
    const old = this.buckets.get(cycle, bucket);
    if (old) this.bytes -= this.counted.get(old) ?? 0;
    this.count(cycle, bucket, rows);
  }

  /** What each held bucket was counted as: memoryOf changes as states are decoded and dropped. */
  private readonly counted = new WeakMap<BucketRows, number>();

  private count(cycle: string, bucket: number, rows: BucketRows): void {
    const n = memoryOf(rows);
    this.counted.set(rows, n);
    this.buckets.set(cycle, bucket, rows);
    this.bytes += n;
  }
}

/** Memory per encoded byte of a state a read may leave decoded (a decoded state is several small objects). */
const DECODED = 4;
/** …and of one a write keeps decoded for late batches, with the runs the maintainer remembers with it. */
const DECODED_WITH_RUNS = 12;

/** Rough memory a bucket's entries hold (see DECODED). */
function memoryOf(rows: BucketRows): number {
  let n = 64;
  for (const e of rows.values()) n += 64 + (e.state ? DECODED_WITH_RUNS : DECODED) * (e.raw?.length ?? 200);
  return n;
}

export class RollupCache {
  private readonly streams = new Map<number, StreamRollups>();
  private trims = 0;

  constructor(private readonly budgetBytes = DEFAULT_CACHE_BYTES) {}

  /**
   * The current states of each stream: the cached ones when their version is the stored one,
   * otherwise fresh ones from the head row, cached in their place unless the entry changed
   * while the head was read (a write published meanwhile: that one is newer).
   */
  *current(streams: readonly number[]): StoreTask<StreamRollups[]> {
    const held = streams.map((s) => this.streams.get(s));
    // A stream without a head row (no states, or states stored before heads existed) is never
    // trusted from the cache: nothing would tell that it changed. So only cached entries with a
    // version are asked about; the others are read at once.
    const asked = streams.filter((_, i) => held[i]?.version != null);
    const versions = asked.length > 0 ? yield* ask('versions', asked) : [];
    const out: StreamRollups[] = new Array(streams.length);
    const stale: number[] = [];
    let k = 0;
    streams.forEach((s, i) => {
      const c = held[i];
      if (c?.version != null && c.version === versions[k++]) {
        this.set(s, c); // most recently used last
        out[i] = c;
      } else stale.push(i);
    });
    if (stale.length > 0) {
      const heads = yield* ask('heads', stale.map((i) => streams[i]!));
      stale.forEach((i, j) => {
        const h = heads[j];
        const fresh = new StreamRollups(h?.version ?? null, h ? decodeHead(h.data) : new Map(), false);
        fresh.setHeadBytes(h?.data.length ?? 0);
        if (this.streams.get(streams[i]!) === held[i]) this.set(streams[i]!, fresh);
        out[i] = fresh;
      });
    }
    return out;
  }

  /** The cached states of a stream, without checking them. */
  peek(stream: number): StreamRollups | undefined {
    return this.streams.get(stream);
  }

  set(stream: number, s: StreamRollups): void {
    this.streams.delete(stream);
    this.streams.set(stream, s);
  }

  delete(stream: number): void {
    this.streams.delete(stream);
  }

  /**
   * A new head version: 48 random bits per write, so two processes sharing a database
   * effectively never issue the same one (a counter per process could meet another's).
   */
  nextVersion(): number {
    if (this.random.length - this.used < 2) {
      randomFillSync(this.random);
      this.used = 0;
    }
    const hi = this.random[this.used++]! & 0xffff;
    return hi * 2 ** 32 + this.random[this.used++]!;
  }

  private readonly random = new Uint32Array(2048);
  private used = 2048;

  /**
   * Drops least recently used streams until the budget holds. Call between requests; it looks
   * every 64th call (summing is O(streams), and a request adds little).
   */
  trim(): void {
    if (++this.trims % 64 !== 0) return;
    // Summed here rather than tracked: entries grow as readers load buckets into them.
    let bytes = 0;
    for (const e of this.streams.values()) bytes += e.bytes;
    for (const [s, e] of this.streams) {
      if (bytes <= this.budgetBytes) break;
      bytes -= e.bytes;
      this.streams.delete(s);
    }
  }
}

