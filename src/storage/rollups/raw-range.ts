/**
 * Collects a stream's raw samples with from ≤ time < to, ascending, from its chunks given in
 * t0-ascending order starting with the chunk that holds `from` (chunks never overlap).
 * Shared by both backends' rollup reads of raw samples.
 */
import { decodeChunkRange } from '../chunks/sample-codec.js';
import type { RawRun } from './rollup-io.js';

export function collectRange(chunks: Iterable<{ data: Uint8Array }>, from: number, to: number): RawRun {
  const out: RawRun = { times: [], values: [] };
  for (const c of chunks) if (decodeChunkRange(c.data, from, to, out)) break;
  return out;
}
