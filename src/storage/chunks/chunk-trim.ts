/**
 * Retention's cut through a stored chunk: the samples before t go, the rest are re-encoded
 * as a chunk keyed by its new first time. Pure; both backends replace the row with the result.
 */
import type { StoredChunk } from './chunk-merge.js';
import { decodeChunk, encodeChunk } from './sample-codec.js';

export type { StoredChunk } from './chunk-merge.js';

export interface TrimmedChunk {
  /** how many samples were before t */
  removed: number;
  /** the samples from t on, or null when none is left */
  rest: StoredChunk | null;
}

export function trimChunkBefore(chunk: StoredChunk, t: number): TrimmedChunk {
  if (chunk.t0 >= t) return { removed: 0, rest: chunk };
  if (chunk.t1 < t) return { removed: chunk.n, rest: null };
  const d = decodeChunk(chunk.data);
  let k = 0;
  while (k < d.times.length && d.times[k]! < t) k++;
  const times = d.times.slice(k);
  const values = d.values.slice(k);
  if (times.length === 0) return { removed: d.times.length, rest: null };
  return { removed: k, rest: { t0: times[0]!, t1: times[times.length - 1]!, n: times.length, data: encodeChunk(times, values) } };
}
