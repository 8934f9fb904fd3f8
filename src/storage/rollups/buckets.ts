/**
 * Rollup states are stored sixteen intervals to a row ("bucket"): a stat feed over 1,000 hours
 * then reads ~63 rows instead of 1,000, which is what keeps it under a millisecond (per-row
 * overhead dominates reads of small states). A write rewrites the bucket of each interval it
 * touches — a few kilobytes, the same order as the chunk it appends to.
 *
 * Bucket b of cycle C holds the intervals whose start lies in [b × span, (b+1) × span), span =
 * 16 × C's nominal length; so the buckets covering a time range are known without a lookup.
 * A row also records the start of its latest interval holding a value (value_sd), so the carry
 * into a range is found without decoding the rows between.
 */
import { nominalLengthMs, type Cycle } from '../../rollup/cycle.js';
import type { RollupState } from '../../rollup/rollup-state.js';
import type { RollupRow } from '../store.js';
import { decodeState, encodedHasValue, encodeState } from './state-codec.js';

const BUCKET_INTERVALS = 16;

function bucketSpan(cycle: Cycle): number {
  return BUCKET_INTERVALS * nominalLengthMs(cycle);
}

export function bucketOf(cycle: Cycle, sd: number): number {
  return Math.floor(sd / bucketSpan(cycle));
}

/** One interval of a bucket: its encoded state as stored, and the decoded one once asked for. */
interface Entry {
  sd: number;
  ed: number;
  raw?: Uint8Array;
  state?: RollupState;
}

/** Entries ascending by sd → u32 count, then per entry: f64 sd, f64 ed, u32 length, state. */
function encodeEntries(entries: readonly Entry[]): Buffer {
  const states = entries.map((e) => e.raw ?? encodeState(e.state!));
  const out = Buffer.allocUnsafe(4 + states.reduce((a, s) => a + 20 + s.length, 0));
  out.writeUInt32LE(entries.length, 0);
  let o = 4;
  entries.forEach((e, i) => {
    const st = states[i]!;
    out.writeDoubleLE(e.sd, o);
    out.writeDoubleLE(e.ed, o + 8);
    out.writeUInt32LE(st.length, o + 16);
    out.set(st, o + 20);
    o += 20 + st.length;
  });
  return out;
}

/** A bucket's entries with their states still encoded (views into `data`). */
function decodeEntries(data: Uint8Array): Entry[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = dv.getUint32(0, true);
  const out: Entry[] = new Array(n);
  let o = 4;
  for (let i = 0; i < n; i++) {
    const len = dv.getUint32(o + 16, true);
    out[i] = { sd: dv.getFloat64(o, true), ed: dv.getFloat64(o + 8, true), raw: data.subarray(o + 20, o + 20 + len) };
    o += 20 + len;
  }
  return out;
}

const stateOf = (e: Entry): RollupState => (e.state ??= decodeState(e.raw!, e.sd, e.ed));
const hasValue = (e: Entry): boolean => (e.state ? e.state.last !== null : encodedHasValue(e.raw!));

export function decodeBucket(data: Uint8Array): RollupRow[] {
  return decodeEntries(data).map((e) => ({ sd: e.sd, ed: e.ed, state: stateOf(e) }));
}

/** The latest state with a value and sd < t among rows (ascending), or undefined. */
export function lastWithValue(rows: readonly RollupRow[], t: number): RollupRow | undefined {
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (r.sd < t && r.state.last !== null) return r;
  }
  return undefined;
}

/**
 * A write's working set of buckets: loaded once, updated in memory, written back once. Both
 * backends' RollupIo keep one per commit; `load` is how they fetch a row.
 */
export class BucketSet {
  private readonly buckets = new Map<string, { stream: number; cycle: Cycle; bucket: number; rows: Map<number, Entry>; dirty: boolean }>();

  private static key(stream: number, cycleId: string, bucket: number): string {
    return `${stream}|${cycleId}|${bucket}`;
  }

  has(stream: number, cycle: Cycle, bucket: number): boolean {
    return this.buckets.has(BucketSet.key(stream, cycle.id, bucket));
  }

  add(stream: number, cycle: Cycle, bucket: number, data: Uint8Array | undefined): void {
    // States stay encoded until asked for: a write re-encodes only the intervals it changed.
    const rows = new Map<number, Entry>();
    if (data) for (const e of decodeEntries(data)) rows.set(e.sd, e);
    this.buckets.set(BucketSet.key(stream, cycle.id, bucket), { stream, cycle, bucket, rows, dirty: false });
  }

  get(stream: number, cycle: Cycle, sd: number): RollupState | undefined {
    const e = this.buckets.get(BucketSet.key(stream, cycle.id, bucketOf(cycle, sd)))?.rows.get(sd);
    return e ? stateOf(e) : undefined;
  }

  /** Rows with from ≤ sd < to from the loaded buckets, ascending. */
  range(stream: number, cycle: Cycle, from: number, to: number): RollupRow[] {
    const out: RollupRow[] = [];
    for (let b = bucketOf(cycle, from); b <= bucketOf(cycle, to - 1); b++) {
      const e = this.buckets.get(BucketSet.key(stream, cycle.id, b));
      if (e) for (const r of e.rows.values()) if (r.sd >= from && r.sd < to) out.push({ sd: r.sd, ed: r.ed, state: stateOf(r) });
    }
    return out.sort((a, b) => a.sd - b.sd);
  }

  set(stream: number, cycle: Cycle, row: RollupRow): void {
    const e = this.buckets.get(BucketSet.key(stream, cycle.id, bucketOf(cycle, row.sd)));
    if (!e) throw new Error('rollup bucket written before it was loaded');
    e.rows.set(row.sd, { sd: row.sd, ed: row.ed, state: row.state });
    e.dirty = true;
  }

  dropStream(stream: number): void {
    for (const [k, e] of this.buckets) if (e.stream === stream) this.buckets.delete(k);
  }

  /** The changed buckets, encoded. */
  *dirty(): Generator<{ stream: number; cycle: string; bucket: number; valueSd: number | null; data: Buffer }> {
    for (const e of this.buckets.values()) {
      if (!e.dirty) continue;
      const rows = [...e.rows.values()].sort((a, b) => a.sd - b.sd);
      let valueSd: number | null = null;
      for (let i = rows.length - 1; i >= 0 && valueSd === null; i--) if (hasValue(rows[i]!)) valueSd = rows[i]!.sd;
      yield { stream: e.stream, cycle: e.cycle.id, bucket: e.bucket, valueSd, data: encodeEntries(rows) };
      e.dirty = false;
    }
  }
}
