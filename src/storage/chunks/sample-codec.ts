/**
 * Encodes one stream's samples (times strictly increasing) into a compact chunk:
 * times as delta-of-delta varints (regular sampling costs ~1 byte), numbers as scaled decimal
 * integers with varint deltas when every value is a short decimal (the common sensor case,
 * ~2 bytes), raw float64 otherwise; strings length-prefixed UTF-8; booleans one bit.
 * Nulls (gaps of interval streams) are kept in a bitmap. Storage backends only see the bytes.
 */
import type { Value } from '../../domain/values.js';
import { ByteReader, ByteWriter } from './byte-writer.js';

const VERSION = 1;
const ENC_SCALED = 0;
const ENC_FLOAT = 1;
const ENC_STRING = 2;
const ENC_BOOL = 3;
const HAS_NULLS = 0x80;
const MAX_SCALE = 9;
const MAX_SCALED = 2 ** 50; // keeps every zigzag delta below 2^53
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, i) => 10 ** i);

export type SampleValue = Value | null;

export interface DecodedChunk {
  times: number[];
  values: SampleValue[];
}

/**
 * Smallest decimal scale d with round(v·10^d)/10^d === v for every value, or -1. Scanning
 * continues from `from`, so decimalScale(b, decimalScale(a)) === decimalScale([...a, ...b]).
 */
function decimalScale(values: readonly number[], from = 0): number {
  let d = from;
  for (const v of values) {
    for (;;) {
      const m = Math.round(v * POW10[d]!);
      if (Math.abs(m) < MAX_SCALED && m / POW10[d]! === v) break;
      if (++d > MAX_SCALE) return -1;
    }
  }
  return d;
}

export function encodeChunk(times: readonly number[], values: readonly SampleValue[]): Buffer {
  const n = times.length;
  const w = new ByteWriter(16 + n * 4);
  const present: Value[] = [];
  let nulls = false;
  for (const v of values) {
    if (v === null) nulls = true;
    else present.push(v);
  }
  let enc = ENC_FLOAT;
  let scale = -1;
  const first = present[0];
  if (typeof first === 'string') enc = ENC_STRING;
  else if (typeof first === 'boolean') enc = ENC_BOOL;
  else if (present.length > 0 && (scale = decimalScale(present as number[])) >= 0) enc = ENC_SCALED;
  w.byte(VERSION);
  w.byte(enc | (nulls ? HAS_NULLS : 0));
  w.uvarint(n);
  if (nulls) {
    for (let i = 0; i < n; i += 8) {
      let b = 0;
      for (let j = 0; j < 8 && i + j < n; j++) if (values[i + j] === null) b |= 1 << j;
      w.byte(b);
    }
  }
  if (n > 0) {
    w.svarint(times[0]!);
    let prevDelta = 0;
    for (let i = 1; i < n; i++) {
      const delta = times[i]! - times[i - 1]!;
      w.svarint(delta - prevDelta);
      prevDelta = delta;
    }
  }
  switch (enc) {
    case ENC_SCALED: {
      w.byte(scale);
      const pow = POW10[scale]!;
      let prev = 0;
      for (const v of present as number[]) {
        const m = Math.round(v * pow);
        w.svarint(m - prev);
        prev = m;
      }
      break;
    }
    case ENC_FLOAT:
      for (const v of present) w.float64(Number(v));
      break;
    case ENC_STRING:
      for (const v of present) {
        const b = Buffer.from(String(v), 'utf8');
        w.uvarint(b.length);
        w.bytes(b);
      }
      break;
    case ENC_BOOL:
      for (let i = 0; i < present.length; i += 8) {
        let b = 0;
        for (let j = 0; j < 8 && i + j < present.length; j++) if (present[i + j]) b |= 1 << j;
        w.byte(b);
      }
      break;
  }
  return w.finish();
}

/**
 * The chunk encodeChunk would write for the chunk's samples followed by `times`/`values`,
 * built by copying the chunk's bytes instead of decoding and re-encoding its samples (the
 * common append to a partly filled chunk). Only for scaled-decimal chunks without nulls whose
 * scale the new values keep, with new times after the chunk's last; undefined otherwise, and
 * the caller then decodes and re-encodes.
 */
export function appendToChunk(data: Uint8Array, times: readonly number[], values: readonly SampleValue[]): Buffer | undefined {
  const k = times.length;
  if (k === 0 || data[0] !== VERSION || data[1] !== ENC_SCALED) return undefined; // also excludes HAS_NULLS
  for (const v of values) if (typeof v !== 'number') return undefined;
  const r = new ByteReader(data);
  r.pos = 2;
  const n = r.uvarint();
  if (n === 0) return undefined;
  const timesStart = r.pos;
  let t = r.svarint();
  let delta = 0;
  for (let i = 1; i < n; i++) {
    delta += r.svarint();
    t += delta;
  }
  if (times[0]! <= t) return undefined;
  const timesEnd = r.pos;
  const d = r.byte();
  if (decimalScale(values as number[], d) !== d) return undefined; // the new values need a finer scale
  const valuesStart = r.pos;
  let m = 0;
  for (let i = 0; i < n; i++) m += r.svarint();
  if (r.pos !== data.length) return undefined; // not a chunk this codec wrote: leave it to decodeChunk

  const w = new ByteWriter(data.length + 8 + k * 4);
  w.byte(VERSION);
  w.byte(ENC_SCALED);
  w.uvarint(n + k);
  w.bytes(data.subarray(timesStart, timesEnd));
  for (let i = 0; i < k; i++) {
    const next = times[i]! - t;
    w.svarint(next - delta);
    delta = next;
    t = times[i]!;
  }
  w.byte(d);
  w.bytes(data.subarray(valuesStart));
  const pow = POW10[d]!;
  for (const v of values as number[]) {
    const next = Math.round(v * pow);
    w.svarint(next - m);
    m = next;
  }
  return w.finish();
}

export function decodeChunk(data: Uint8Array): DecodedChunk {
  const out: DecodedChunk = { times: [], values: [] };
  decodeChunkRange(data, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, out);
  return out;
}

/**
 * Appends the chunk's samples with from ≤ time < to to `out`; true when the chunk holds a sample
 * at or after `to` (a reader going forward can stop). Values after the range are not decoded
 * and nothing outside it is allocated: a rollup rebuild reads one hour out of chunks of 256.
 */
export function decodeChunkRange(data: Uint8Array, from: number, to: number, out: DecodedChunk): boolean {
  const r = new ByteReader(data);
  const version = r.byte();
  if (version !== VERSION) throw new Error(`cannot decode chunk: unknown version ${version}`);
  const flags = r.byte();
  const enc = flags & 0x7f;
  const n = r.uvarint();
  let isNull: ((i: number) => boolean) | undefined;
  if (flags & HAS_NULLS) {
    const bitmap = r.bytes(Math.ceil(n / 8));
    isNull = (i) => ((bitmap[i >> 3]! >> (i & 7)) & 1) === 1;
  }
  // Times come first in the chunk: all of them are read to reach the values.
  let lo = n;
  let hi = n;
  if (n > 0) {
    let t = 0;
    let delta = 0;
    for (let i = 0; i < n; i++) {
      if (i === 0) t = r.svarint();
      else {
        delta += r.svarint();
        t += delta;
      }
      if (t < from) continue;
      if (t >= to) {
        if (hi === n) hi = i;
        continue;
      }
      if (lo === n) lo = i;
      out.times.push(t);
    }
  }
  let nextValue: () => Value;
  switch (enc) {
    case ENC_SCALED: {
      const scale = POW10[r.byte()]!;
      let m = 0;
      nextValue = () => {
        m += r.svarint();
        return m / scale;
      };
      break;
    }
    case ENC_FLOAT:
      nextValue = () => r.float64();
      break;
    case ENC_STRING:
      nextValue = () => Buffer.from(r.bytes(r.uvarint())).toString('utf8');
      break;
    case ENC_BOOL: {
      const count = n; // upper bound; bits are read lazily in order
      let k = 0;
      let byte = 0;
      nextValue = () => {
        if ((k & 7) === 0) byte = r.byte();
        const bit = (byte >> (k & 7)) & 1;
        k++;
        if (k > count) throw new RangeError('chunk truncated');
        return bit === 1;
      };
      break;
    }
    default:
      throw new Error(`cannot decode chunk: unknown value encoding ${enc}`);
  }
  for (let i = 0; lo < hi && i < hi; i++) {
    const v = isNull?.(i) ? null : nextValue();
    if (i >= lo) out.values.push(v);
  }
  if (out.values.length !== out.times.length) throw new Error('cannot decode chunk: times and values disagree');
  return hi < n;
}
