/**
 * Collects a stream's raw samples with from ≤ time < to, ascending, from its chunks given in
 * t0-ascending order starting with the chunk that holds `from` (chunks never overlap).
 * Shared by both backends' rollup reads of raw samples.
 */
import { decodeChunk } from '../chunks/sample-codec.js';
import type { RawRun } from './rollup-io.js';

export function collectRange(chunks: Iterable<{ data: Uint8Array }>, from: number, to: number): RawRun {
  const out: RawRun = { times: [], values: [] };
  for (const c of chunks) {
    const d = decodeChunk(c.data);
    for (let i = 0; i < d.times.length; i++) {
      const t = d.times[i]!;
      if (t < from) continue;
      if (t >= to) return out;
      out.times.push(t);
      out.values.push(d.values[i]!);
    }
  }
  return out;
}
