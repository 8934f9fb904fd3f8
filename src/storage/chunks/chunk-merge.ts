/**
 * Pure merge of incoming samples into a stream's stored chunks. A chunk holds up to
 * MAX_CHUNK samples with strictly increasing times; a stream's chunks never overlap, so the
 * chunk for a time is found by its first and last time. Backends load the chunks a write
 * touches (the chunk at or before the first new time, plus every chunk starting inside the
 * write's span), hand them here, and replace them with the result in the same
 * transaction: a write at an existing time replaces that sample, anything else is inserted.
 */
import { appendToChunk, decodeChunk, encodeChunk, type SampleValue } from './sample-codec.js';

export const MAX_CHUNK = 256;

export interface StoredChunk {
  /** first sample time (the chunk's key within its stream) */
  t0: number;
  /** last sample time */
  t1: number;
  n: number;
  data: Uint8Array;
}

export interface SortedSamples {
  /** strictly increasing */
  times: number[];
  values: SampleValue[];
}

export interface ChunkRewrite {
  /** t0 keys of stored chunks to delete */
  remove: number[];
  add: StoredChunk[];
  /** samples that replaced an existing sample at the same time */
  replaced: number;
}

/**
 * Sorts samples by time; for equal times the later one in the input wins (a batch that writes
 * one time twice keeps its last value, like two PUTs in a row).
 */
export function sortSamples(times: readonly number[], values: readonly SampleValue[]): SortedSamples {
  const idx = times.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < times.length; i++) if (times[i]! <= times[i - 1]!) { sorted = false; break; }
  if (sorted) return { times: [...times], values: [...values] };
  idx.sort((a, b) => times[a]! - times[b]! || a - b);
  const out: SortedSamples = { times: [], values: [] };
  for (const i of idx) {
    const t = times[i]!;
    if (out.times.length > 0 && out.times[out.times.length - 1] === t) out.values[out.values.length - 1] = values[i]!;
    else {
      out.times.push(t);
      out.values.push(values[i]!);
    }
  }
  return out;
}

function split(times: number[], values: SampleValue[], leftPacked: boolean): StoredChunk[] {
  const total = times.length;
  const count = Math.ceil(total / MAX_CHUNK);
  // Appends fill chunks to the brim (the next append starts a fresh one); writes into the
  // middle spread evenly so that later inserts there do not split again at once.
  const size = leftPacked ? MAX_CHUNK : Math.ceil(total / count);
  const out: StoredChunk[] = [];
  for (let s = 0; s < total; s += size) {
    const t = times.slice(s, s + size);
    const v = values.slice(s, s + size);
    out.push({ t0: t[0]!, t1: t[t.length - 1]!, n: t.length, data: encodeChunk(t, v) });
  }
  return out;
}

/**
 * Merges sorted incoming samples with the loaded chunks (sorted by t0; the overlapping ones
 * and optionally the predecessor). Returns the rows to delete and to insert.
 */
export function mergeChunks(loaded: readonly StoredChunk[], incoming: SortedSamples): ChunkRewrite {
  if (loaded.length === 0) return { remove: [], add: split(incoming.times, incoming.values, true), replaced: 0 };
  const lastLoaded = loaded[loaded.length - 1]!;
  const isAppend = incoming.times[0]! > lastLoaded.t1;
  if (isAppend && loaded.length === 1) {
    // A pure append to a full chunk leaves it alone.
    if (lastLoaded.n >= MAX_CHUNK) return { remove: [], add: split(incoming.times, incoming.values, true), replaced: 0 };
    // A pure append to a chunk with room fills it, then starts new chunks: the same chunks as
    // the general path below, but the filled chunk extends the stored bytes when the codec can.
    const room = MAX_CHUNK - lastLoaded.n;
    const k = Math.min(room, incoming.times.length);
    const headTimes = incoming.times.slice(0, k);
    const filled = appendToChunk(lastLoaded.data, headTimes, incoming.values.slice(0, k));
    if (filled) {
      const head: StoredChunk = { t0: lastLoaded.t0, t1: headTimes[k - 1]!, n: lastLoaded.n + k, data: filled };
      const rest = k < incoming.times.length ? split(incoming.times.slice(k), incoming.values.slice(k), true) : [];
      return { remove: [lastLoaded.t0], add: [head, ...rest], replaced: 0 };
    }
  }
  const times: number[] = [];
  const values: SampleValue[] = [];
  let replaced = 0;
  let j = 0;
  const inT = incoming.times;
  const inV = incoming.values;
  for (const chunk of loaded) {
    const d = decodeChunk(chunk.data);
    for (let i = 0; i < d.times.length; i++) {
      const t = d.times[i]!;
      while (j < inT.length && inT[j]! < t) {
        times.push(inT[j]!);
        values.push(inV[j]!);
        j++;
      }
      if (j < inT.length && inT[j] === t) {
        times.push(t);
        values.push(inV[j]!);
        j++;
        replaced++;
      } else {
        times.push(t);
        values.push(d.values[i]!);
      }
    }
  }
  for (; j < inT.length; j++) {
    times.push(inT[j]!);
    values.push(inV[j]!);
  }
  return { remove: loaded.map((c) => c.t0), add: split(times, values, isAppend), replaced };
}
