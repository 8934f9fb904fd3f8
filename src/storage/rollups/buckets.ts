/**
 * How rollup states are laid out in rows. Two kinds of row hold a stream's states:
 *
 *  - **Buckets** (table `rollups`): sixteen consecutive intervals of one (stream, cycle). A stat
 *    feed over 1,000 hours then reads ~63 rows instead of 1,000 (per-row overhead dominates reads
 *    of small states). Bucket b of cycle C holds the intervals whose start lies in
 *    [b × span, (b+1) × span), span = 16 × C's nominal length, so the buckets covering a time
 *    range are known without a lookup. A row also records the start of its latest interval
 *    holding a value (value_sd), so the carry into a range is found without decoding the rows
 *    between.
 *  - **The head** (table `rollup_heads`, one row per stream): the newest interval of every
 *    materialised cycle. Devices report "now", so nearly every write changes exactly these
 *    intervals; keeping them in one small row makes a write rewrite ~0.5 KB per stream instead of
 *    a 3–4 KB bucket per cycle. An interval moves into its bucket when a newer one starts. The
 *    row carries a version, new on every write, that tells a process whether the states it has
 *    cached for the stream are still current (rollup-cache.ts).
 *
 * States stay encoded until a reader asks for them (`stateOf`), so a write re-encodes only the
 * intervals it changed.
 */
import { nominalLengthMs, type Cycle } from '../../rollup/cycle.js';
import type { RollupState } from '../../rollup/rollup-state.js';
import type { RollupRow } from '../store.js';
import { decodeState, encodedHasValue, stateSize, StateWriter } from './state-codec.js';

const BUCKET_INTERVALS = 16;

export function bucketOf(cycle: Cycle, sd: number): number {
  return Math.floor(sd / (BUCKET_INTERVALS * nominalLengthMs(cycle)));
}

/**
 * One stored interval: its encoded state as read, and the decoded one once asked for — with,
 * when this process built it, the runs it was built from (rollups/runs.ts), kept as long as the
 * decoded state.
 */
export interface Entry {
  sd: number;
  ed: number;
  raw?: Uint8Array;
  state?: RollupState;
  runs?: readonly RollupState[] | undefined;
}

/**
 * An entry with all its fields present, undefined or not: entries are read, written, decoded and
 * let go all the time, and adding a field to one read without it gave it another shape (and
 * property storage of its own), slowing every loop over a bucket's entries.
 */
export const newEntry = (sd: number, ed: number, raw: Uint8Array | undefined, state: RollupState | undefined, runs?: readonly RollupState[]): Entry => ({ sd, ed, raw, state, runs });

export const stateOf = (e: Entry): RollupState => (e.state ??= decodeState(e.raw!, e.sd, e.ed));
export const hasValue = (e: Entry): boolean => (e.state ? e.state.last !== null : encodedHasValue(e.raw!));
export const rowOf = (e: Entry): RollupRow => ({ sd: e.sd, ed: e.ed, state: stateOf(e) });

/** Bytes an entry takes in a row: f64 sd, f64 ed, u32 length, then the state. */
const entrySize = (e: Entry): number => 20 + (e.raw ? e.raw.length : stateSize(e.state!));

/** Writes an entry: its encoded bytes as held, or its state encoded straight into the row. */
function writeEntry(w: StateWriter, e: Entry): void {
  w.f64(e.sd);
  w.f64(e.ed);
  const at = w.o;
  w.o += 4;
  if (e.raw) w.bytes(e.raw);
  else w.state(e.state!);
  w.u32At(at, w.o - at - 4);
}

/** A bucket: u32 count, then its entries ascending by sd. */
export function encodeBucket(entries: readonly Entry[]): Buffer {
  let size = 4;
  for (const e of entries) size += entrySize(e);
  const out = Buffer.allocUnsafe(size);
  const w = new StateWriter(out);
  w.u32(entries.length);
  for (const e of entries) {
    const start = w.o;
    writeEntry(w, e);
    // Every entry now views this one buffer: views into the rows it was read from or first
    // written to would keep each of those alive.
    e.raw = out.subarray(start + 20, w.o);
  }
  if (w.o !== size) throw new Error(`rollup bucket: encoded ${w.o} bytes, expected ${size}`);
  return out;
}

function readEntry(dv: DataView, data: Uint8Array, o: number): { e: Entry; next: number } {
  const len = dv.getUint32(o + 16, true);
  return { e: newEntry(dv.getFloat64(o, true), dv.getFloat64(o + 8, true), data.subarray(o + 20, o + 20 + len), undefined), next: o + 20 + len };
}

/** A bucket's entries, ascending, states still encoded (views into `data`). */
export function decodeBucket(data: Uint8Array): Entry[] {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = dv.getUint32(0, true);
  const out: Entry[] = new Array(n);
  let o = 4;
  for (let i = 0; i < n; i++) {
    const r = readEntry(dv, data, o);
    out[i] = r.e;
    o = r.next;
  }
  return out;
}

/** value_sd of a bucket: the start of its latest interval holding a value. */
export function valueSdOf(entries: readonly Entry[]): number | null {
  for (let i = entries.length - 1; i >= 0; i--) if (hasValue(entries[i]!)) return entries[i]!.sd;
  return null;
}

/** A head row holding no interval: just its u32 count (the states were dropped). */
export const EMPTY_HEAD_BYTES = 4;

/**
 * Store.rollups.streamsWithoutHead, in SQL both backends run: streams with samples and no
 * interval in a head row. Point streams keep only their last value and never have states.
 */
export const STREAMS_WITHOUT_HEAD_SQL = `SELECT pk FROM streams s
  WHERE s.last_time IS NOT NULL AND s.stream_type <> 'point_stream'
    AND NOT EXISTS (SELECT 1 FROM rollup_heads h WHERE h.stream_pk = s.pk AND length(h.data) > ${EMPTY_HEAD_BYTES})`;

/**
 * A cycle id in UTF-8, encoded once per id: every head row of every write names its cycles, and
 * Buffer's string calls cost more than the rest of a head entry's encoding.
 */
const idBytes = new Map<string, Buffer>();
function utf8Id(id: string): Buffer {
  let b = idBytes.get(id);
  if (b === undefined) {
    if (idBytes.size >= 10_000) idBytes.clear(); // (ids come from definitions: a few per org)
    idBytes.set(id, (b = Buffer.from(id, 'utf8')));
  }
  return b;
}

const headSize = (head: ReadonlyMap<string, Entry>): number => {
  let size = EMPTY_HEAD_BYTES;
  head.forEach((e, id) => (size += 2 + utf8Id(id).length + entrySize(e)));
  return size;
};

/**
 * Head rows: per head, u32 count, then per cycle: u16 id length, id (UTF-8), and the entry as
 * in a bucket. All of them in one buffer (a commit writes one per stream); each row is a view
 * into it, to be written and let go — kept, one would keep the whole commit's buffer alive.
 */
export function encodeHeads(heads: readonly ReadonlyMap<string, Entry>[]): Uint8Array[] {
  const sizes = heads.map(headSize);
  let size = 0;
  for (const n of sizes) size += n;
  const out = Buffer.allocUnsafe(size);
  const w = new StateWriter(out);
  return heads.map((head, i) => {
    const start = w.o;
    w.u32(head.size);
    head.forEach((e, id) => {
      const b = utf8Id(id);
      w.u16(b.length);
      w.bytes(b);
      writeEntry(w, e); // head entries keep no view: the next write replaces them
    });
    if (w.o - start !== sizes[i]) throw new Error(`rollup head: encoded ${w.o - start} bytes, expected ${sizes[i]}`);
    return out.subarray(start, w.o);
  });
}

export function decodeHead(data: Uint8Array): Map<string, Entry> {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const n = dv.getUint32(0, true);
  const out = new Map<string, Entry>();
  let o = 4;
  for (let i = 0; i < n; i++) {
    const len = dv.getUint16(o, true);
    const id = Buffer.from(data.buffer, data.byteOffset + o + 2, len).toString('utf8');
    const r = readEntry(dv, data, o + 2 + len);
    out.set(id, r.e);
    o = r.next;
  }
  return out;
}
