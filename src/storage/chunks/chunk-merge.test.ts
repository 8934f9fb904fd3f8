import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CHUNK, mergeChunks, sortSamples, type StoredChunk } from './chunk-merge.js';
import { decodeChunk, encodeChunk, type SampleValue } from './sample-codec.js';

describe('sortSamples', () => {
  const f = (name: string, times: number[], values: SampleValue[], wantTimes: number[], wantValues: SampleValue[]) =>
    it(name, () => assert.deepEqual(sortSamples(times, values), { times: wantTimes, values: wantValues }));

  f('empty', [], [], [], []);
  f('already sorted', [1, 2, 3], ['a', 'b', 'c'], [1, 2, 3], ['a', 'b', 'c']);
  f('reversed', [3, 2, 1], [30, 20, 10], [1, 2, 3], [10, 20, 30]);
  f('shuffled', [2, 3, 1], [20, 30, 10], [1, 2, 3], [10, 20, 30]);
  f('a repeated time keeps the later value', [1, 1], ['first', 'second'], [1], ['second']);
  f('repeats apart keep the last in input order', [5, 1, 5, 1], ['a', 'b', 'c', 'd'], [1, 5], ['d', 'c']);
  f('nulls move with their time', [2, 1], [null, 1], [1, 2], [1, null]);
  f('negative times', [0, -5], [0, -5], [-5, 0], [-5, 0]);
});

/** Stored chunks from samples at times 10, 20, 30, … (value = time) split every `size`. */
function stored(times: number[], size = MAX_CHUNK): StoredChunk[] {
  const out: StoredChunk[] = [];
  for (let s = 0; s < times.length; s += size) {
    const t = times.slice(s, s + size);
    out.push({ t0: t[0]!, t1: t[t.length - 1]!, n: t.length, data: encodeChunk(t, t) });
  }
  return out;
}

const range = (from: number, count: number, step = 10) => Array.from({ length: count }, (_, i) => from + i * step);

/** Everything in a rewrite's added chunks, in order, checking each chunk's own header fields. */
function contents(add: StoredChunk[]): { times: number[]; values: SampleValue[] } {
  const times: number[] = [];
  const values: SampleValue[] = [];
  for (const c of add) {
    const d = decodeChunk(c.data);
    assert.equal(c.n, d.times.length);
    assert.equal(c.t0, d.times[0]);
    assert.equal(c.t1, d.times[d.times.length - 1]);
    assert.ok(c.n <= MAX_CHUNK, `chunk of ${c.n}`);
    times.push(...d.times);
    values.push(...d.values);
  }
  for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!, 'times strictly increase');
  return { times, values };
}

describe('mergeChunks', () => {
  interface Want {
    remove: number[];
    sizes: number[];
    replaced: number;
    /** expected samples across the added chunks */
    times: number[];
    values: SampleValue[];
  }
  const f = (name: string, loaded: StoredChunk[], inTimes: number[], inValues: SampleValue[], want: Want) =>
    it(name, () => {
      const r = mergeChunks(loaded, { times: inTimes, values: inValues });
      assert.deepEqual(r.remove, want.remove);
      assert.deepEqual(r.add.map((c) => c.n), want.sizes);
      assert.equal(r.replaced, want.replaced);
      const c = contents(r.add);
      assert.deepEqual(c.times, want.times);
      assert.deepEqual(c.values, want.values);
    });

  f('into an empty stream', [], [10, 20], [1, 2], { remove: [], sizes: [2], replaced: 0, times: [10, 20], values: [1, 2] });
  f('a big first write fills chunks to the brim', [], range(10, 600), range(10, 600), {
    remove: [], sizes: [MAX_CHUNK, MAX_CHUNK, 600 - 2 * MAX_CHUNK], replaced: 0, times: range(10, 600), values: range(10, 600),
  });
  f('an append to a chunk with room rewrites it', stored([10, 20]), [30], [30], { remove: [10], sizes: [3], replaced: 0, times: [10, 20, 30], values: [10, 20, 30] });
  f('an append to a full chunk leaves it alone', stored(range(10, MAX_CHUNK)), [1e6], [7], { remove: [], sizes: [1], replaced: 0, times: [1e6], values: [7] });
  f('an append that overflows a chunk packs left', stored(range(10, 250)), range(10 + 250 * 10, 10), range(0, 10, 1), {
    remove: [10], sizes: [MAX_CHUNK, 4], replaced: 0, times: range(10, 260), values: [...range(10, 250), ...range(0, 10, 1)],
  });
  f('a write at an existing time replaces the sample', stored([10, 20, 30]), [20], [-2.5], { remove: [10], sizes: [3], replaced: 1, times: [10, 20, 30], values: [10, -2.5, 30] });
  f('replacing every sample counts each', stored([10, 20]), [10, 20], [null, null], { remove: [10], sizes: [2], replaced: 2, times: [10, 20], values: [null, null] });
  f('an insert before the first sample', stored([10, 20]), [5], [5], { remove: [10], sizes: [3], replaced: 0, times: [5, 10, 20], values: [5, 10, 20] });
  f('inserts between samples interleave', stored([10, 20, 30]), [15, 25, 35], [15, 25, 35], {
    remove: [10], sizes: [6], replaced: 0, times: [10, 15, 20, 25, 30, 35], values: [10, 15, 20, 25, 30, 35],
  });
  f('a mix of replace and insert', stored([10, 20, 30]), [5, 20, 40], [0.5, 2.5, 4.5], {
    remove: [10], sizes: [5], replaced: 1, times: [5, 10, 20, 30, 40], values: [0.5, 10, 2.5, 30, 4.5],
  });
  f('a write into the middle of a full chunk splits it evenly', stored(range(10, MAX_CHUNK)), [15], [15], {
    remove: [10], sizes: [Math.ceil((MAX_CHUNK + 1) / 2), Math.floor((MAX_CHUNK + 1) / 2)], replaced: 0,
    times: [10, 15, ...range(20, MAX_CHUNK - 1)], values: [10, 15, ...range(20, MAX_CHUNK - 1)],
  });
  f('a write spanning two chunks merges both', stored(range(10, 6), 3), [25, 45], [25, 45], {
    remove: [10, 40], sizes: [8], replaced: 0, times: [10, 20, 25, 30, 40, 45, 50, 60], values: [10, 20, 25, 30, 40, 45, 50, 60],
  });
});
