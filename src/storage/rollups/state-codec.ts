/**
 * Binary form of a RollupState as the rollups table stores it. A stat feed decodes up to a
 * thousand states per request, and JSON.parse of that many objects alone would cost more than
 * the whole query's budget; fixed little-endian float64 fields behind a presence byte decode in
 * microseconds. sd and ed are columns of the row, so they are not repeated here.
 *
 * Layout: u8 version, u8 presence flags, then float64s (samples, gaps, storedMs, valueMs,
 * [latest], sum, count, [min, minTime], [max, maxTime], weighted, held, incSum, incCount,
 * [incMin, incMinTime], [incMax, incMaxTime]), then the first and last samples when present:
 * float64 time, float64 ms, tagged value. A series' extremes are present when its count is
 * not 0.
 */
import type { Value } from '../../domain/values.js';
import type { RollupState } from '../../rollup/rollup-state.js';
import type { Sample } from '../../rollup/sample.js';

const VERSION = 1;
const F_FIRST = 1;
const F_LAST = 2;
const F_LATEST = 4;
const F_VMIN = 8;
const F_VMAX = 16;
const F_IMIN = 32;
const F_IMAX = 64;

const T_NULL = 0;
const T_NUM = 1;
const T_TRUE = 2;
const T_FALSE = 3;
const T_STR = 4;

function valueSize(v: Value | null): number {
  if (typeof v === 'number') return 9;
  if (typeof v === 'string') return 5 + Buffer.byteLength(v, 'utf8');
  return 1;
}

/**
 * Writes states and the fields around them into one buffer, so that a row of many states (or a
 * commit's head rows) is encoded without a buffer or a DataView per state.
 */
export class StateWriter {
  // DataView stores compile to plain memory writes; Buffer.writeDoubleLE goes through a copy.
  private readonly dv: DataView;
  constructor(readonly b: Buffer, public o = 0) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  u8(x: number): void {
    this.b[this.o++] = x;
  }
  u16(x: number): void {
    this.dv.setUint16(this.o, x, true);
    this.o += 2;
  }
  u32(x: number): void {
    this.dv.setUint32(this.o, x, true);
    this.o += 4;
  }
  /** a u32 written earlier at `at` (a length known only after what follows it) */
  u32At(at: number, x: number): void {
    this.dv.setUint32(at, x, true);
  }
  f64(x: number): void {
    this.dv.setFloat64(this.o, x, true);
    this.o += 8;
  }
  bytes(x: Uint8Array): void {
    this.b.set(x, this.o);
    this.o += x.length;
  }
  value(v: Value | null): void {
    if (v === null) this.u8(T_NULL);
    else if (typeof v === 'number') {
      this.u8(T_NUM);
      this.f64(v);
    } else if (typeof v === 'boolean') this.u8(v ? T_TRUE : T_FALSE);
    else {
      this.u8(T_STR);
      const n = this.b.write(v, this.o + 4, 'utf8');
      this.dv.setUint32(this.o, n, true);
      this.o += 4 + n;
    }
  }
  /** `st` as stateSize(st) bytes. */
  state(st: RollupState): void {
    const flags = (st.first ? F_FIRST : 0) | (st.last ? F_LAST : 0) | (st.latest !== null ? F_LATEST : 0)
      | (st.count > 0 ? F_VMIN | F_VMAX : 0) | (st.incCount > 0 ? F_IMIN | F_IMAX : 0);
    this.u8(VERSION);
    this.u8(flags);
    this.f64(st.samples);
    this.f64(st.gaps);
    this.f64(st.storedMs);
    this.f64(st.valueMs);
    if (st.latest !== null) this.f64(st.latest);
    this.f64(st.sum);
    this.f64(st.count);
    if (st.count > 0) {
      this.f64(st.min);
      this.f64(st.minTime);
      this.f64(st.max);
      this.f64(st.maxTime);
    }
    this.f64(st.weighted);
    this.f64(st.held);
    this.f64(st.incSum);
    this.f64(st.incCount);
    if (st.incCount > 0) {
      this.f64(st.incMin);
      this.f64(st.incMinTime);
      this.f64(st.incMax);
      this.f64(st.incMaxTime);
    }
    if (st.first) this.sample(st.first);
    if (st.last) this.sample(st.last);
  }
  private sample(x: Sample): void {
    this.f64(x.time);
    this.f64(x.ms);
    this.value(x.value);
  }
}

class Reader {
  o = 0;
  constructor(readonly b: Uint8Array, readonly dv: DataView) {}
  u8(): number {
    return this.b[this.o++]!;
  }
  f64(): number {
    const x = this.dv.getFloat64(this.o, true);
    this.o += 8;
    return x;
  }
  value(): Value | null {
    const tag = this.u8();
    switch (tag) {
      case T_NULL: return null;
      case T_NUM: return this.f64();
      case T_TRUE: return true;
      case T_FALSE: return false;
      case T_STR: {
        const n = this.dv.getUint32(this.o, true);
        const s = Buffer.from(this.b.buffer, this.b.byteOffset + this.o + 4, n).toString('utf8');
        this.o += 4 + n;
        return s;
      }
      default: throw new RangeError(`rollup state: unknown value tag ${tag}`);
    }
  }
}

/** Bytes StateWriter.state (and encodeState) write for `st`. */
export function stateSize(st: RollupState): number {
  // header, samples..valueMs, [latest], weighted + held, then each aggregate's sum, count and extremes
  let size = 2 + 8 * 4 + (st.latest !== null ? 8 : 0) + 8 * 2;
  size += 16 + (st.count > 0 ? 32 : 0);
  size += 16 + (st.incCount > 0 ? 32 : 0);
  if (st.first) size += 16 + valueSize(st.first.value);
  if (st.last) size += 16 + valueSize(st.last.value);
  return size;
}

/** One state on its own (tests; rows write states through StateWriter). */
export function encodeState(st: RollupState): Buffer {
  const size = stateSize(st);
  const w = new StateWriter(Buffer.allocUnsafe(size));
  w.state(st);
  if (w.o !== size) throw new Error(`rollup state: encoded ${w.o} bytes, expected ${size}`);
  return w.b;
}

export function decodeState(data: Uint8Array, sd: number, ed: number): RollupState {
  const r = new Reader(data, new DataView(data.buffer, data.byteOffset, data.byteLength));
  const version = r.u8();
  if (version !== VERSION) throw new RangeError(`rollup state: unknown version ${version}`);
  const flags = r.u8();
  const samples = r.f64();
  const gaps = r.f64();
  const storedMs = r.f64();
  const valueMs = r.f64();
  const latest = flags & F_LATEST ? r.f64() : null;
  const sum = r.f64();
  const count = r.f64();
  const min = flags & F_VMIN ? r.f64() : 0;
  const minTime = flags & F_VMIN ? r.f64() : 0;
  const max = flags & F_VMAX ? r.f64() : 0;
  const maxTime = flags & F_VMAX ? r.f64() : 0;
  const weighted = r.f64();
  const held = r.f64();
  const incSum = r.f64();
  const incCount = r.f64();
  const incMin = flags & F_IMIN ? r.f64() : 0;
  const incMinTime = flags & F_IMIN ? r.f64() : 0;
  const incMax = flags & F_IMAX ? r.f64() : 0;
  const incMaxTime = flags & F_IMAX ? r.f64() : 0;
  // (built in sampleAt's property order: one object shape for every Sample, whatever made it)
  const sample = (f: number): Sample | null => {
    if (!(flags & f)) return null;
    const time = r.f64();
    const ms = r.f64();
    return { time, value: r.value(), ms };
  };
  const first = sample(F_FIRST);
  const last = sample(F_LAST);
  return {
    sd, ed, samples, gaps, storedMs, valueMs, first, last, latest,
    sum, count, min, minTime, max, maxTime, weighted, held,
    incSum, incCount, incMin, incMinTime, incMax, incMaxTime,
  };
}

/** Whether an encoded state holds a non-gap value (its `last` is set), without decoding it. */
export function encodedHasValue(data: Uint8Array): boolean {
  return (data[1]! & F_LAST) !== 0;
}
